package io.iotjobs.agent;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.internal.agent.AgentLoop;
import io.iotjobs.internal.agent.AgentSettings;
import io.iotjobs.internal.agent.Backoff;
import io.iotjobs.internal.agent.Coordinator;
import io.iotjobs.internal.agent.HandlerRegistry;
import io.iotjobs.internal.agent.Replies;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.TestClock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The agent's coordinator without a broker: a {@link FakePort} for the service, a {@link ManualScheduler} for
 * time, {@link SerialExecutor}s for the control, events and store threads (so that a test's call returns after
 * everything it caused), an in-memory checkpoint store, and an {@link AgentEvents} listener. Handlers run on a
 * thread of their own per job unless {@link #inlineHandlers()} is set.
 */
final class AgentHarness implements AutoCloseable {

    static final String THING = "dev-1";

    final ManualScheduler time = new ManualScheduler(TestClock.create());
    final FakePort port = new FakePort();
    final AgentEvents events = new AgentEvents();
    final HandlerRegistry handlers = new HandlerRegistry();
    CheckpointStore store = CheckpointStore.inMemory();
    Executor io = new SerialExecutor();
    Executor handlerExecutor;
    Duration handlerTimeLimit = Duration.ofHours(1);
    Duration progressInterval = Duration.ofSeconds(30);
    Duration cancelGrace = Duration.ofSeconds(30);
    int maxStarts = 3;
    Coordinator coordinator;

    AgentHarness on(String value, JobHandler handler) {
        handlers.byField("operation", value, handler, null);
        return this;
    }

    /** Runs handlers on the control thread's caller: for handlers that return at once. */
    AgentHarness inlineHandlers() {
        handlerExecutor = Runnable::run;
        return this;
    }

    /** Builds and starts the coordinator; its streams are subscribed at once. */
    AgentHarness start() {
        AgentSettings settings = new AgentSettings(
                THING,
                null,
                false,
                null,
                handlers,
                store,
                time,
                false,
                handlerExecutor,
                events,
                JobsLimits.DEFAULT,
                10,
                Duration.ofMinutes(5),
                handlerTimeLimit,
                progressInterval,
                Duration.ofSeconds(30),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), () -> 0.999),
                cancelGrace,
                Duration.ofMinutes(15),
                maxStarts);
        AgentLoop loop = new AgentLoop(THING, time, events, new SerialExecutor(), new SerialExecutor());
        coordinator = new Coordinator(settings, loop, port, io);
        coordinator.start();
        port.open();
        return this;
    }

    /** Answers the StartNext the agent sends with this job (IN_PROGRESS at version 2), then the start update. */
    void handOut(String jobId) throws InterruptedException {
        port.expect("StartNext").reply(Replies.startNext(Replies.execution(jobId, JobStatus.IN_PROGRESS, 2)));
        port.expectUpdate(jobId, JobStatus.IN_PROGRESS).reply(Replies.updated(JobStatus.IN_PROGRESS, 3));
    }

    /** Starts the agent with a gate for "work" jobs and hands out job-1; returns once the gate runs. */
    Gate running(Gate gate) throws InterruptedException {
        on("work", gate).start();
        handOut("job-1");
        gate.awaitRunning();
        return gate;
    }

    /** Answers the StartNext the agent sends with "nothing pending". */
    void nothingPending() throws InterruptedException {
        port.expect("StartNext").reply(Replies.nothingPending());
    }

    @Override
    public void close() {
        if (coordinator != null) {
            coordinator.close(Duration.ofSeconds(1));
        }
    }
}
