package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retry configurations as a device sees them: a failed or timed-out execution comes back as a new one. */
class RetryTest extends ServiceTestBase {

    private static JobSpec retried(String jobId, RetryConfig retry, String thing) {
        return JobSpec.builder(jobId)
                .targets(thing)
                .retryConfig(retry)
                .inProgressTimeout(Duration.ofMinutes(10))
                .build();
    }

    /** Starts the next execution and reports it with the status; returns the notify-next that follows. */
    private static JsonNode runAndReport(RawDevice dev, String jobId, String status) {
        assertThat(dev.request("start-next", "{}")
                        .json
                        .path("execution")
                        .path("jobId")
                        .asText())
                .isEqualTo(jobId);
        assertThat(dev.request(jobId + "/update", "{'status':'" + status + "'}").suffix)
                .isEqualTo(jobId + "/update/accepted");
        JsonNode notify = dev.expect("notify");
        assertThat(notify.has("jobs")).isTrue();
        return dev.expect("notify-next");
    }

    @Test
    void aFailedExecutionIsRetriedAsANewExecutionUntilTheRetriesAreUsedUp() {
        RawDevice dev = device("d1");
        control().createJob(retried("fw", RetryConfig.of(RetryConfig.FailureType.FAILED, 2), "d1"));
        dev.expect("notify");
        dev.expect("notify-next");

        JsonNode next = runAndReport(dev, "fw", "FAILED");
        assertThat(next.path("execution").path("status").asText()).isEqualTo("QUEUED");
        assertThat(next.path("execution").path("executionNumber").asLong()).isEqualTo(2);
        assertThat(next.path("execution").path("versionNumber").asLong()).isEqualTo(1);
        assertThat(control().retryAttempt("d1", "fw", 2)).hasValue(1);

        assertThat(runAndReport(dev, "fw", "FAILED")
                        .path("execution")
                        .path("executionNumber")
                        .asLong())
                .isEqualTo(3);
        assertThat(control().retryAttempt("d1", "fw", 3)).hasValue(2);

        assertThat(runAndReport(dev, "fw", "FAILED").has("execution"))
                .as("no retries left")
                .isFalse();
        assertThat(control().listJobExecutionsForThing("d1"))
                .extracting(e -> e.status().orElseThrow())
                .containsExactly(JobStatus.FAILED, JobStatus.FAILED, JobStatus.FAILED);
        assertThat(control().describeJob("fw").orElseThrow().status()).isEqualTo(JobInfo.Status.COMPLETED);
    }

    @Test
    void aTimedOutExecutionIsRetriedOnlyByATimedOutOrAllCriterion() {
        RawDevice dev = device("d1");
        RawDevice other = device("d2");
        control().createJob(retried("slow", RetryConfig.of(RetryConfig.FailureType.TIMED_OUT, 1), "d1"));
        control().createJob(retried("failing", RetryConfig.of(RetryConfig.FailureType.TIMED_OUT, 1), "d2"));
        dev.request("start-next", "{}");
        other.request("start-next", "{}");
        other.request("failing/update", "{'status':'FAILED'}");

        clock.advance(Duration.ofMinutes(10));

        assertThat(control().describeJobExecution("d1", "slow").orElseThrow().executionNumber())
                .hasValue(2);
        assertThat(control().describeJobExecution("d1", "slow").orElseThrow().status())
                .contains(JobStatus.QUEUED);
        assertThat(control().describeJobExecution("d2", "failing").orElseThrow().status())
                .as("FAILED is not retried by a TIMED_OUT criterion")
                .contains(JobStatus.FAILED);
    }

    @Test
    void aCanceledJobIsNotRetried() {
        RawDevice dev = device("d1");
        control().createJob(retried("fw", RetryConfig.of(RetryConfig.FailureType.ALL, 3), "d1"));
        dev.request("start-next", "{}");
        control().cancelJob("fw", false);

        dev.request("fw/update", "{'status':'FAILED'}");

        assertThat(control().listJobExecutionsForThing("d1")).hasSize(1);
    }

    @Test
    void badRetryConfigurationsAreRefusedNamingTheField() {
        assertThatThrownBy(() ->
                        control().createJob(retried("j", RetryConfig.of(RetryConfig.FailureType.FAILED, 11), "d1")))
                .hasMessageStartingWith("jobExecutionsRetryConfig.criteriaList[0].numberOfRetries:");
        assertThatThrownBy(() -> control()
                        .createJob(retried(
                                "j",
                                new RetryConfig(List.of(
                                        new RetryConfig.Criteria(RetryConfig.FailureType.FAILED, 1),
                                        new RetryConfig.Criteria(RetryConfig.FailureType.ALL, 1))),
                                "d1")))
                .hasMessageStartingWith("jobExecutionsRetryConfig.criteriaList[1].failureType:");
        assertThat(control().listJobs()).isEmpty();
    }

    @Test
    void theHttpApiTakesTheRetryConfigAndListsRetryAttempts() {
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            assertError(
                    http.call(
                            "PUT",
                            "/jobs/j1",
                            "{'targets':['d1'],'document':'{}','jobExecutionsRetryConfig':"
                                    + "{'criteriaList':[{'failureType':'FAILED','numberOfRetries':11}]}}"),
                    400,
                    "InvalidRequestException",
                    "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries:");
            assertError(
                    http.call(
                            "PUT",
                            "/jobs/j1",
                            "{'targets':['d1'],'document':'{}','jobExecutionsRetryConfig':"
                                    + "{'criteriaList':[{'failureType':'SOMETIMES','numberOfRetries':1}]}}"),
                    400,
                    "InvalidRequestException",
                    "jobExecutionsRetryConfig.criteriaList[0].failureType:");
            http.ok(
                    "PUT",
                    "/jobs/j1",
                    "{'targets':['d1'],'document':'{}','jobExecutionsRetryConfig':"
                            + "{'criteriaList':[{'failureType':'FAILED','numberOfRetries':1}]}}");
            RawDevice dev = device("d1");
            dev.request("start-next", "{}");
            dev.request("j1/update", "{'status':'FAILED'}");

            JsonNode list = http.ok("GET", "/jobs/j1/things", null).path("executionSummaries");
            assertThat(list).hasSize(2);
            assertThat(list.get(1)
                            .path("jobExecutionSummary")
                            .path("retryAttempt")
                            .asInt())
                    .isEqualTo(1);
            assertThat(http.ok("GET", "/jobs/j1", null).path("job").path("jobExecutionsRetryConfig"))
                    .isEqualTo(json("{'criteriaList':[{'failureType':'FAILED','numberOfRetries':1}]}"));
        }
    }
}
