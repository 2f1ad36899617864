package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The terminal report under throttling, service errors, lost replies and lost requests: retried, reconciled,
 * applied once, never over a status the service set meanwhile.
 */
class ReportRetryIT extends AgentITBase {

    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private JobsAgent.Builder waitingAgent(AgentEvents events) throws Exception {
        return agent(events).on("operation", "work", context -> {
            running.countDown();
            assertThat(release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                    .isTrue();
            return JobResult.succeeded(Map.of("done", "yes"));
        });
    }

    /** Starts the agent and job-1, and returns once its handler runs and IN_PROGRESS was reported. */
    private void startWorking(JobsAgent.Builder agent, AgentEvents events) throws Exception {
        start(agent);
        createJob("job-1", Map.of("operation", "work"));
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        events.awaitReported("job-1", JobStatus.IN_PROGRESS, 1);
    }

    /** Lets the handler return, the service losing the result on the way; returns once the result was sent. */
    private void releaseAndLoseTheResult(RawSubscriber traffic) throws Exception {
        service.faults().loseNextRequests(1);
        release.countDown();
        traffic.await(
                "the lost result",
                1,
                m -> m.topic().endsWith("/job-1/update") && m.status().equals("SUCCEEDED"));
    }

    @Test
    void aThrottledOrFailedResultIsSentAgainWithBackoffAndAFreshTokenUntilAccepted() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber traffic = witness(
                updateRequests(),
                "$aws/things/" + thing + "/jobs/+/update/+",
                "$aws/things/" + thing + "/jobs/get/accepted");
        startWorking(waitingAgent(events), events);

        // one request per second of service time, and this second is used up; then one InternalError
        service.faults().throttleAbove(1);
        traffic.publish("$aws/things/" + thing + "/jobs/get", "{}");
        traffic.await("the request that fills the second", 1, m -> m.topic().endsWith("/get/accepted"));
        service.faults().failNextRequests(1);
        release.countDown();

        // the n-th retry of the result, or the end of the job once no retry is needed any more
        for (int retries = 1; ; retries++) {
            AgentEvents.Event next = events.await(
                    "retry " + retries + " or the end",
                    retries,
                    e -> e.jobId().equals("job-1")
                            && (e.kind().equals("finished")
                                    || e.kind().equals("retry") && ((String) e.value()).startsWith("Update#")));
            if (next.kind().equals("finished")) {
                break;
            }
            Duration cap = Duration.ofSeconds(Math.min(8, 1L << (retries - 1)));
            assertThat(next.delay())
                    .as("backoff with jitter of retry %d", retries)
                    .isBetween(cap.dividedBy(2), cap);
            scheduler.advance(next.delay());
        }

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(execution("job-1").status()).contains(JobStatus.SUCCEEDED);
        assertThat(execution("job-1").statusDetails().orElseThrow()).containsEntry("done", "yes");

        traffic.await(
                "every attempt of the result",
                outcome.reportAttempts(),
                m -> m.topic().endsWith("/job-1/update") && m.status().equals("SUCCEEDED"));
        List<RawSubscriber.Message> results = traffic.messages(
                m -> m.topic().endsWith("/job-1/update") && m.status().equals("SUCCEEDED"));
        assertThat(results).hasSize(outcome.reportAttempts());
        assertThat(results.stream()
                        .map(m -> m.json().getString("clientToken").orElseThrow())
                        .distinct())
                .as("a fresh client token per attempt")
                .hasSize(results.size());
        String acceptedToken =
                results.get(results.size() - 1).json().getString("clientToken").orElseThrow();
        // the service answers in order: once the accepted reply is here, every rejection before it is too
        traffic.await(
                "the accepted result",
                1,
                m -> m.topic().endsWith("/job-1/update/accepted") && m.payload().contains(acceptedToken));
        List<String> codes = traffic.messages(m -> m.topic().endsWith("/job-1/update/rejected")).stream()
                .map(m -> m.json().getString("code").orElse(""))
                .toList();
        assertThat(codes).contains("RequestThrottled", "InternalError").hasSize(results.size() - 1);
        assertThat(traffic.messages(m -> m.topic().endsWith("/job-1/update/accepted")
                        && m.payload().contains(acceptedToken)))
                .hasSize(1);
    }

    @Test
    void lostRepliesAreReconciledWithDescribeAndTheResultIsNotSentTwice() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber traffic = witness(
                updateRequests(), "$aws/things/" + thing + "/jobs/notify", "$aws/things/" + thing + "/jobs/job-1/get");
        startWorking(waitingAgent(events), events);

        // the result takes effect but its reply is lost, and so is the reply of the first Describe
        service.faults().dropNextReplies(2);
        release.countDown();
        traffic.await(
                "the service applying the result (the pending set empties)",
                1,
                m -> m.topic().endsWith("/notify")
                        && m.payload().replace(" ", "").contains("\"jobs\":{}"));

        scheduler.advance(Duration.ofSeconds(30));
        traffic.await("the first Describe", 1, m -> m.topic().endsWith("/job-1/get"));
        scheduler.advance(Duration.ofSeconds(30));
        AgentEvents.Event retry = events.awaitRetry("job-1", "Describe", 1);
        scheduler.advance(retry.delay());

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(outcome.reconciled()).isTrue();
        assertThat(outcome.reportAttempts()).isEqualTo(1);
        traffic.await("the second Describe", 2, m -> m.topic().endsWith("/job-1/get"));
        traffic.await(
                "the result",
                1,
                m -> m.topic().endsWith("/job-1/update") && m.status().equals("SUCCEEDED"));
        assertThat(traffic.messages(m -> m.topic().endsWith("/job-1/get"))).hasSize(2);
        assertThat(traffic.messages(m -> m.topic().endsWith("/job-1/update")).stream()
                        .map(RawSubscriber.Message::status))
                .as("the result was published once")
                .containsExactly("IN_PROGRESS", "SUCCEEDED");
        assertThat(execution("job-1").status()).contains(JobStatus.SUCCEEDED);
        assertThat(execution("job-1").versionNumber()).hasValue(4);
    }

    @Test
    void aResultLostOnTheWayIsFoundMissingByDescribeAndSentAgain() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber traffic = witness(updateRequests(), "$aws/things/" + thing + "/jobs/job-1/get");
        startWorking(waitingAgent(events), events);

        // the result never reaches the service: it times out, and Describe shows the job still IN_PROGRESS
        releaseAndLoseTheResult(traffic);
        scheduler.advance(Duration.ofSeconds(30));
        traffic.await("the Describe", 1, m -> m.topic().endsWith("/job-1/get"));
        AgentEvents.Event retry = events.awaitRetry("job-1", "Update", 1);
        scheduler.advance(retry.delay());

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(outcome.reportAttempts()).isEqualTo(2);
        assertThat(outcome.reconciled()).as("the second attempt's reply told").isFalse();
        traffic.await(
                "the result sent again",
                2,
                m -> m.topic().endsWith("/job-1/update") && m.status().equals("SUCCEEDED"));
        assertThat(execution("job-1").status()).contains(JobStatus.SUCCEEDED);
        assertThat(execution("job-1").statusDetails().orElseThrow()).containsEntry("done", "yes");
    }

    @Test
    void aResultLostWhileTheJobIsCanceledEndsCanceledAndIsNotSentAgain() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber traffic = witness(updateRequests(), "$aws/things/" + thing + "/jobs/job-1/get");
        startWorking(waitingAgent(events).on("operation", "quick", context -> JobResult.succeeded()), events);

        // the result is lost, and the job is canceled before the agent asks what became of it
        releaseAndLoseTheResult(traffic);
        service.control().cancelJobExecution(thing, "job-1", true);
        scheduler.advance(Duration.ofSeconds(30));

        JobOutcome outcome = events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.status()).contains(JobStatus.CANCELED);
        assertThat(outcome.reportAttempts()).isEqualTo(1);
        traffic.await("the Describe", 1, m -> m.topic().endsWith("/job-1/get"));

        for (int i = 0; i < 12; i++) {
            scheduler.advance(Duration.ofMinutes(1));
        }
        createJob("job-2", Map.of("operation", "quick"));
        events.awaitFinished("job-2");
        traffic.await(
                "the result of job-2",
                1,
                m -> m.jobId().equals("job-2") && m.status().equals("SUCCEEDED"));
        assertThat(traffic.messages(m -> m.topic().endsWith("/job-1/update")).stream()
                        .map(RawSubscriber.Message::status))
                .as("the lost result was not sent again")
                .containsExactly("IN_PROGRESS", "SUCCEEDED");
        assertThat(execution("job-1").status()).contains(JobStatus.CANCELED);
    }
}
