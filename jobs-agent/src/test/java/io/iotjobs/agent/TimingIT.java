package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Step-timer heartbeat and the handler's time limit, with time driven by the test clock. */
class TimingIT extends AgentITBase {

    /** Waits until released or told to stop; records the reason. */
    private static final class Waiter implements JobHandler {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<CancellationReason> told = new AtomicReference<>();

        @Override
        public JobResult handle(JobContext context) {
            running.countDown();
            try {
                release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                told.set(context.cancellationReason().orElse(null));
            }
            return JobResult.succeeded();
        }
    }

    @Test
    void theHeartbeatKeepsALongJobAliveWhileASilentOneTimesOut() throws Exception {
        String silentThing = thing + "-silent";
        AgentEvents events = new AgentEvents();
        AgentEvents silentEvents = new AgentEvents();
        RawSubscriber updates = witness(updateRequests());
        Waiter beating = new Waiter();
        Waiter silent = new Waiter();
        start(agent(events).stepTimeout(Duration.ofMinutes(1)).on("operation", "long", beating));
        start(JobsAgent.builder(connect("silent"), silentThing)
                .scheduler(scheduler)
                .checkpointStore(CheckpointStore.inMemory())
                .listener(silentEvents)
                .stepTimeout(Duration.ofMinutes(1))
                .noHeartbeat()
                .on("operation", "long", silent));

        service.control()
                .createJob(JobSpec.builder("long-1")
                        .document(JobDocument.of(Map.of("operation", "long")))
                        .targets(thing, silentThing)
                        .build());
        assertThat(beating.running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                .isTrue();
        assertThat(silent.running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                .isTrue();
        events.awaitReported("long-1", JobStatus.IN_PROGRESS, 1);
        silentEvents.awaitReported("long-1", JobStatus.IN_PROGRESS, 1);

        // ten minutes, in steps of half the step timeout
        for (int beat = 1; beat <= 20; beat++) {
            scheduler.advance(Duration.ofSeconds(30));
            events.awaitReported("long-1", JobStatus.IN_PROGRESS, 1 + beat);
        }

        assertThat(execution("long-1").status())
                .as("kept alive by the heartbeat")
                .contains(JobStatus.IN_PROGRESS);
        assertThat(service.control()
                        .describeJobExecution(silentThing, "long-1")
                        .orElseThrow()
                        .status())
                .as("timed out by its step timer")
                .contains(JobStatus.TIMED_OUT);
        JobOutcome silentOutcome = silentEvents.awaitFinished("long-1");
        assertThat(silentOutcome.cancellation()).contains(CancellationReason.TIMED_OUT);
        assertThat(silentOutcome.reportedByAgent()).isFalse();
        assertThat(silent.told).hasValue(CancellationReason.TIMED_OUT);
        assertThat(updates.messages(m -> m.jobId().equals("long-1")))
                .as("each heartbeat restarts the step timer")
                .allSatisfy(
                        m -> assertThat(m.json().get("stepTimeoutInMinutes")).contains(1));

        beating.release.countDown();
        assertThat(events.awaitFinished("long-1").status()).contains(JobStatus.SUCCEEDED);
        assertThat(execution("long-1").status()).contains(JobStatus.SUCCEEDED);
    }

    @Test
    void aHandlerPastItsTimeLimitIsFailedAndTheNextJobWaitsUntilItReturns() throws Exception {
        AgentEvents events = new AgentEvents();
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        AtomicReference<CancellationReason> told = new AtomicReference<>();
        start(agent(events)
                .cancelGracePeriod(Duration.ofMinutes(1))
                .on(
                        "operation",
                        "hang",
                        context -> {
                            running.countDown();
                            // ignores the signal and the interrupt until the test lets it go
                            while (true) {
                                try {
                                    if (release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)) {
                                        break;
                                    }
                                } catch (InterruptedException e) {
                                    interrupts.incrementAndGet();
                                    told.set(context.cancellationReason().orElse(null));
                                }
                            }
                            trace.add("end hang-1");
                            return JobResult.succeeded();
                        },
                        Duration.ofMinutes(5))
                .on("operation", "work", context -> {
                    trace.add("start " + context.jobId());
                    return JobResult.succeeded();
                }));

        createJob("hang-1", Map.of("operation", "hang"));
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        events.awaitReported("hang-1", JobStatus.IN_PROGRESS, 1);
        createJob("work-2", Map.of("operation", "work"));

        scheduler.advance(Duration.ofMinutes(5));
        events.awaitReported("hang-1", JobStatus.FAILED, 1);
        assertThat(execution("hang-1").status()).contains(JobStatus.FAILED);
        assertThat(execution("hang-1").statusDetails().orElseThrow())
                .containsEntry("reason", "the handler did not finish within its time limit of 5 min");

        scheduler.advance(Duration.ofMinutes(1));
        AgentEvents.Event stuck = events.awaitStuck("hang-1");
        assertThat(stuck.value()).isEqualTo(CancellationReason.HANDLER_TIME_LIMIT);
        assertThat(told).hasValue(CancellationReason.HANDLER_TIME_LIMIT);
        assertThat(interrupts).hasValue(1);
        assertThat(execution("work-2").status())
                .as("not started while the stuck handler runs")
                .contains(JobStatus.QUEUED);

        release.countDown();
        events.awaitFinished("work-2");
        assertThat(trace).containsExactly("end hang-1", "start work-2");
        JobOutcome hang = events.awaitFinished("hang-1");
        assertThat(hang.status()).contains(JobStatus.FAILED);
        assertThat(hang.cancellation()).contains(CancellationReason.HANDLER_TIME_LIMIT);
        assertThat(execution("work-2").status()).contains(JobStatus.SUCCEEDED);
    }

    @Test
    void progressIsThrottledToOneUpdatePerIntervalWithTheLatestDetailsAndTheCheckpoint() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber updates = witness(updateRequests());
        ExecutorService pool = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "my-handlers"));
        try {
            CountDownLatch reported = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> threadName = new AtomicReference<>();
            start(agent(events)
                    .handlerExecutor(pool)
                    .progressInterval(Duration.ofSeconds(30))
                    .on("operation", "copy", context -> {
                        threadName.set(Thread.currentThread().getName());
                        for (int percent = 10; percent <= 40; percent += 10) {
                            context.progress(Map.of("percent", Integer.toString(percent)));
                        }
                        context.checkpoint("half");
                        reported.countDown();
                        assertThat(release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                                .isTrue();
                        return JobResult.succeeded();
                    }));
            createJob("copy-1", Map.of("operation", "copy"));
            assertThat(reported.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                    .isTrue();
            events.awaitReported("copy-1", JobStatus.IN_PROGRESS, 1);

            scheduler.advance(Duration.ofSeconds(30));
            AgentEvents.Event progress = events.awaitReported("copy-1", JobStatus.IN_PROGRESS, 2);
            assertThat(progress.details())
                    .containsExactly(Map.entry(JobsAgent.CHECKPOINT_KEY, "half"), Map.entry("percent", "40"));
            assertThat(execution("copy-1").statusDetails().orElseThrow())
                    .containsEntry("percent", "40")
                    .containsEntry(JobsAgent.CHECKPOINT_KEY, "half");
            release.countDown();
            events.awaitFinished("copy-1");

            assertThat(threadName).hasValue("my-handlers");
            updates.await(
                    "the result of copy-1",
                    1,
                    m -> m.jobId().equals("copy-1") && m.status().equals("SUCCEEDED"));
            assertThat(updates.messages(m -> m.jobId().equals("copy-1")).stream()
                            .map(RawSubscriber.Message::status))
                    .as("four progress calls and a checkpoint made one update")
                    .containsExactly("IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED");
        } finally {
            pool.shutdownNow();
        }
    }
}
