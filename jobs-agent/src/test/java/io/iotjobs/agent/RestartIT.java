package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A new agent with the same checkpoint store takes over a job the previous one was running. */
class RestartIT extends AgentITBase {

    private static final List<String> STEPS = List.of("download", "verify", "install");

    @Test
    void aJobInterruptedByARestartResumesAtItsLastCheckpoint() throws Exception {
        RawSubscriber updates = witness(updateRequests());
        List<String> executed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch atInstall = new CountDownLatch(1);
        AgentEvents firstEvents = new AgentEvents();
        JobsAgent first = start(agent(firstEvents).on("operation", "update", context -> {
            for (String step : STEPS) {
                if (step.equals("install")) {
                    atInstall.countDown();
                    // the process is asked to stop while it installs
                    context.cancellation().toCompletableFuture().get(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS);
                    return JobResult.failed("interrupted");
                }
                executed.add("first:" + step);
                context.checkpoint(step);
            }
            return JobResult.succeeded();
        }));
        createJob("fw-1", Map.of("operation", "update"));
        assertThat(atInstall.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();

        assertThat(first.close(Duration.ofSeconds(10))).as("closed cleanly").isTrue();
        JobOutcome closed = firstEvents.awaitFinished("fw-1");
        assertThat(closed.cancellation()).contains(CancellationReason.AGENT_CLOSING);
        assertThat(closed.reportedByAgent()).isFalse();
        assertThat(execution("fw-1").status()).as("left for the next agent").contains(JobStatus.IN_PROGRESS);
        Checkpoint saved =
                CheckpointStore.inDirectory(checkpoints).load(thing, "fw-1", 1).orElseThrow();
        assertThat(saved.step()).contains("verify");
        assertThat(saved.starts()).isEqualTo(1);
        assertThat(saved.outcome()).isEmpty();

        AgentEvents secondEvents = new AgentEvents();
        CompletableFuture<String> resumedFrom = new CompletableFuture<>();
        start(agent(secondEvents).on("operation", "update", context -> {
            assertThat(context.isResumed()).isTrue();
            resumedFrom.complete(context.resumedFrom().orElse("nothing"));
            int from =
                    context.resumedFrom().map(step -> STEPS.indexOf(step) + 1).orElse(0);
            for (String step : STEPS.subList(from, STEPS.size())) {
                executed.add("second:" + step);
                context.checkpoint(step);
            }
            return JobResult.succeeded();
        }));

        JobOutcome outcome = secondEvents.awaitFinished("fw-1");
        assertThat(resumedFrom.get(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("verify");
        assertThat(outcome.resumed()).isTrue();
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(executed).containsExactly("first:download", "first:verify", "second:install");
        assertThat(execution("fw-1").status()).contains(JobStatus.SUCCEEDED);
        updates.await(
                "the result of fw-1",
                1,
                m -> m.jobId().equals("fw-1") && m.status().equals("SUCCEEDED"));
        assertThat(updates.messages(m -> m.jobId().equals("fw-1")).stream().map(RawSubscriber.Message::status))
                .as("the first agent reported nothing after its start; the second its start and the result")
                .containsExactly("IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED");
        assertThat(updates.messages(m -> m.jobId().equals("fw-1")).get(1).json().get("statusDetails"))
                .as("the resumed start reports the checkpoint")
                .contains(Map.of(JobsAgent.CHECKPOINT_KEY, "verify"));
        assertThat(CheckpointStore.inDirectory(checkpoints).list(thing))
                .as("the record is gone")
                .isEmpty();
    }

    @Test
    void aResultStoredBeforeTheRestartIsReportedWithoutRunningTheHandlerAgain() throws Exception {
        createJob("fw-2", Map.of("operation", "update"));
        startByHand();
        CheckpointStore store = CheckpointStore.inDirectory(checkpoints);
        store.save(Checkpoint.started(thing, "fw-2", 1, clock.now())
                .withStep("install", clock.now())
                .withOutcome(JobResult.succeeded(Map.of("note", "finished before the restart")), clock.now()));

        AgentEvents events = new AgentEvents();
        start(agent(events).on("operation", "update", context -> fail("the handler ran again")));

        JobOutcome outcome = events.awaitFinished("fw-2");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(events.count(e -> e.kind().equals("started"))).isZero();
        assertThat(execution("fw-2").status()).contains(JobStatus.SUCCEEDED);
        assertThat(execution("fw-2").statusDetails().orElseThrow())
                .containsEntry("note", "finished before the restart");
        assertThat(store.list(thing)).isEmpty();
    }

    @Test
    void anExecutionStartedTooOftenIsFailedInsteadOfRunAgain() throws Exception {
        createJob("crashy-1", Map.of("operation", "update"));
        startByHand();
        CheckpointStore store = CheckpointStore.inDirectory(checkpoints);
        store.save(Checkpoint.of(thing, "crashy-1", 1, "download", 2, null, clock.now()));

        AgentEvents events = new AgentEvents();
        start(agent(events).maxStarts(2).on("operation", "update", context -> fail("the handler ran again")));

        events.awaitFinished("crashy-1");
        assertThat(execution("crashy-1").status()).contains(JobStatus.FAILED);
        assertThat(execution("crashy-1").statusDetails().orElseThrow().get("reason"))
                .startsWith("the job was started 2 times without finishing");
    }

    /** Moves the thing's next job to IN_PROGRESS the way an earlier process would have. */
    private void startByHand() throws Exception {
        RawSubscriber device = witness("$aws/things/" + thing + "/jobs/start-next/accepted");
        device.publish("$aws/things/" + thing + "/jobs/start-next", "{}");
        device.await("StartNext accepted", 1, m -> true);
    }
}
