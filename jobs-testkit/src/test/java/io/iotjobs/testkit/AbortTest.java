package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.JobStatus;
import org.junit.jupiter.api.Test;

/** Abort configurations as devices see them: once enough executions failed, the rest are canceled. */
class AbortTest extends ServiceTestBase {

    private JobStatus status(String thing) {
        return control()
                .describeJobExecution(thing, "fw")
                .orElseThrow()
                .status()
                .orElseThrow();
    }

    @Test
    void theJobIsCanceledOnceTheFailureShareReachesTheThresholdAfterTheMinimumOfThings() {
        RawDevice d1 = device("d1");
        RawDevice d2 = device("d2");
        RawDevice d3 = device("d3");
        RawDevice d4 = device("d4");
        control()
                .createJob(JobSpec.builder("fw")
                        .targets("d1", "d2", "d3", "d4")
                        .abortConfig(AbortConfig.of(AbortConfig.FailureType.FAILED, 50, 4))
                        .build());
        d3.expect("notify");
        d3.expect("notify-next");
        d1.request("start-next", "{}");
        d1.request("fw/update", "{'status':'FAILED'}");
        assertThat(control().describeJob("fw").orElseThrow().status())
                .as("1 of 4: 25%")
                .isEqualTo(JobInfo.Status.IN_PROGRESS);
        d4.request("start-next", "{}");

        d2.request("start-next", "{}");
        d2.request("fw/update", "{'status':'FAILED'}");

        assertThat(d3.expect("notify").path("jobs").isEmpty())
                .as("d3's execution is gone")
                .isTrue();
        assertThat(d3.expect("notify-next").has("execution")).isFalse();
        assertThat(control().describeJob("fw").orElseThrow().status()).isEqualTo(JobInfo.Status.CANCELED);
        assertThat(status("d3")).as("QUEUED: canceled").isEqualTo(JobStatus.CANCELED);
        assertThat(status("d4")).as("IN_PROGRESS: left to finish").isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void onlyTheCriterionsFailureTypeCountsAndTimeoutsCountForAll() {
        device("d1").request("start-next", "{}");
        control()
                .createJob(JobSpec.builder("fw")
                        .targets("d1", "d2")
                        .inProgressTimeout(java.time.Duration.ofMinutes(5))
                        .abortConfig(new AbortConfig(java.util.List.of(
                                new AbortConfig.Criteria(AbortConfig.FailureType.REJECTED, 50, 1),
                                new AbortConfig.Criteria(AbortConfig.FailureType.ALL, 50, 2))))
                        .build());
        RawDevice d1 = device("d1-2");
        RawDevice dev = device("d1");
        dev.request("start-next", "{}");

        clock.advance(java.time.Duration.ofMinutes(5));

        assertThat(status("d1")).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(control().describeJob("fw").orElseThrow().status())
                .as("TIMED_OUT counts for ALL: 1 of 2")
                .isEqualTo(JobInfo.Status.CANCELED);
        assertThat(status("d2")).isEqualTo(JobStatus.CANCELED);
        d1.close();
    }

    @Test
    void badAbortConfigurationsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .abortConfig(AbortConfig.of(AbortConfig.FailureType.FAILED, 100.5, 1))
                                .build()))
                .hasMessageStartingWith("abortConfig.criteriaList[0].thresholdPercentage:");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .abortConfig(AbortConfig.of(AbortConfig.FailureType.FAILED, 10.555, 1))
                                .build()))
                .hasMessageContaining("two digits");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .abortConfig(AbortConfig.of(AbortConfig.FailureType.FAILED, 10, 0))
                                .build()))
                .hasMessageStartingWith("abortConfig.criteriaList[0].minNumberOfExecutedThings:");
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            assertError(
                    http.call(
                            "PUT",
                            "/jobs/fw",
                            "{'targets':['d1'],'document':'{}','abortConfig':{'criteriaList':"
                                    + "[{'action':'PAUSE','failureType':'FAILED','thresholdPercentage':10,"
                                    + "'minNumberOfExecutedThings':1}]}}"),
                    400,
                    "InvalidRequestException",
                    "abortConfig.criteriaList[0].action:");
            http.ok(
                    "PUT",
                    "/jobs/fw",
                    "{'targets':['d1'],'document':'{}','abortConfig':{'criteriaList':"
                            + "[{'action':'CANCEL','failureType':'ALL','thresholdPercentage':12.5,"
                            + "'minNumberOfExecutedThings':3}]}}");
            assertThat(http.ok("GET", "/jobs/fw", null).path("job").path("abortConfig"))
                    .isEqualTo(
                            json("{'criteriaList':[{'action':'CANCEL','failureType':'ALL','thresholdPercentage':12.5,"
                                    + "'minNumberOfExecutedThings':3}]}"));
        }
        assertThat(control().listJobs()).containsExactly("fw");
    }
}
