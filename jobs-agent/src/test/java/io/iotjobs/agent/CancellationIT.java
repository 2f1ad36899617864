package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A job canceled or deleted at the service while it runs: the handler is told, nothing is reported over it. */
class CancellationIT extends AgentITBase {

    /** A handler that waits to be told to stop, records how, then (wrongly) claims success. */
    private static final class StubbornOptimist implements JobHandler {
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicReference<CancellationReason> flag = new AtomicReference<>();
        final CompletableFuture<CancellationReason> callback = new CompletableFuture<>();
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public JobResult handle(JobContext context) {
            context.onCancel(callback::complete);
            context.progress(Map.of("percent", "10"));
            running.countDown();
            try {
                new CountDownLatch(1).await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            flag.set(context.cancellationReason().orElse(null));
            context.progress(Map.of("percent", "99"));
            return JobResult.succeeded(Map.of("claim", "done anyway"));
        }
    }

    @Test
    void aJobCanceledMidRunStopsTheHandlerAndNothingIsReportedAfterwards() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber updates = witness(updateRequests());
        StubbornOptimist handler = new StubbornOptimist();
        start(agent(events)
                .on("operation", "work", handler)
                .on("operation", "quick", context -> JobResult.succeeded()));

        createJob("job-1", Map.of("operation", "work"));
        assertThat(handler.running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                .isTrue();
        events.awaitReported("job-1", JobStatus.IN_PROGRESS, 1);
        updates.await("the start update", 1, m -> m.jobId().equals("job-1"));

        service.control().cancelJob("job-1", true);

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.status()).contains(JobStatus.CANCELED);
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(outcome.reportAttempts()).isZero();
        assertThat(handler.flag).hasValue(CancellationReason.CANCELED);
        assertThat(handler.interrupted).isTrue();
        assertThat(handler.callback.get(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                .isEqualTo(CancellationReason.CANCELED);

        // the throttled progress, the heartbeat and the step timer would all have fired by now
        for (int i = 0; i < 12; i++) {
            scheduler.advance(Duration.ofMinutes(1));
        }
        // a later job is the barrier: everything the agent published for job-1 arrived before its updates
        createJob("job-2", Map.of("operation", "quick"));
        events.awaitFinished("job-2");
        updates.await(
                "the result of job-2",
                1,
                m -> m.jobId().equals("job-2") && m.status().equals("SUCCEEDED"));

        assertThat(updates.messages(m -> m.jobId().equals("job-1")).stream().map(RawSubscriber.Message::status))
                .as("only the start update of job-1 was ever published")
                .containsExactly("IN_PROGRESS");
        assertThat(execution("job-1").status()).contains(JobStatus.CANCELED);
        assertThat(execution("job-2").status()).contains(JobStatus.SUCCEEDED);
    }

    @Test
    void aResultRejectedBecauseTheJobWasCanceledIsNeitherRetriedNorReportedAgain() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber updates = witness(updateRequests());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(agent(events)
                .on("operation", "work", context -> {
                    running.countDown();
                    assertThat(release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                            .isTrue();
                    return JobResult.succeeded();
                })
                .on("operation", "quick", context -> JobResult.succeeded()));

        createJob("job-1", Map.of("operation", "work"));
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        events.awaitReported("job-1", JobStatus.IN_PROGRESS, 1);

        // the agent's check of the notification fails, so it does not know yet when the handler returns
        service.faults().failNextRequests(1);
        service.control().cancelJobExecution(thing, "job-1", true);
        events.awaitRetry("job-1", "Describe", 1);
        release.countDown();

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.status()).contains(JobStatus.CANCELED);
        assertThat(outcome.reportAttempts()).isEqualTo(1);

        for (int i = 0; i < 12; i++) {
            scheduler.advance(Duration.ofMinutes(1));
        }
        createJob("job-2", Map.of("operation", "quick"));
        events.awaitFinished("job-2");
        updates.await(
                "the result of job-2",
                1,
                m -> m.jobId().equals("job-2") && m.status().equals("SUCCEEDED"));
        List<String> job1 = updates.messages(m -> m.jobId().equals("job-1")).stream()
                .map(RawSubscriber.Message::status)
                .toList();
        assertThat(job1).as("the rejected result was not sent again").containsExactly("IN_PROGRESS", "SUCCEEDED");
        assertThat(execution("job-1").status()).contains(JobStatus.CANCELED);
    }

    @Test
    void aJobDeletedMidRunStopsTheHandler() throws Exception {
        AgentEvents events = new AgentEvents();
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<CancellationReason> told = new AtomicReference<>();
        start(agent(events).on("operation", "work", context -> {
            running.countDown();
            try {
                context.cancellation().toCompletableFuture().get(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // told to stop: the flag is set before the interrupt
            }
            told.set(context.cancellationReason().orElse(null));
            return JobResult.succeeded();
        }));

        createJob("job-1", Map.of("operation", "work"));
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        events.awaitReported("job-1", JobStatus.IN_PROGRESS, 1);
        service.control().deleteJobExecution(thing, "job-1", 1, true);

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.DELETED);
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(told).hasValue(CancellationReason.DELETED);
        assertThat(service.control().describeJobExecution(thing, "job-1")).isEmpty();
    }
}
