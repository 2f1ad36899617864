package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Rollout configurations on the test clock: things get their executions minute by minute. */
class RolloutTest extends ServiceTestBase {

    private static List<String> things(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("d" + i);
        }
        return names;
    }

    private int launched(String jobId) {
        return control().listJobExecutionsForJob(jobId).size();
    }

    @Test
    void aConstantRateNotifiesAtMostSoManyThingsPerMinute() {
        RawDevice d3 = device("d3");
        control()
                .createJob(JobSpec.builder("fw")
                        .targets(things(5))
                        .rolloutConfig(RolloutConfig.perMinute(2))
                        .build());

        assertThat(launched("fw")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(59));
        assertThat(launched("fw")).as("still the first minute").isEqualTo(2);
        d3.assertQuiet();

        clock.advance(Duration.ofSeconds(1));

        assertThat(launched("fw")).isEqualTo(4);
        assertThat(d3.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("fw");
        clock.advance(Duration.ofMinutes(1));
        assertThat(launched("fw")).isEqualTo(5);
        assertThat(control().describeJob("fw").orElseThrow().status()).isEqualTo(JobInfo.Status.IN_PROGRESS);
    }

    @Test
    void anExponentialRateIsMultipliedEachTimeItsCriterionIsMet() {
        control()
                .createJob(JobSpec.builder("fw")
                        .targets(things(10))
                        .rolloutConfig(RolloutConfig.exponential(1, 2.0, 2))
                        .build());
        List<Integer> perMinute = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            perMinute.add(launched("fw"));
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(perMinute).containsExactly(1, 2, 4, 8, 10);
    }

    @Test
    void maximumPerMinuteCapsAnExponentialRate() {
        control()
                .createJob(JobSpec.builder("fw")
                        .targets(things(12))
                        .rolloutConfig(new RolloutConfig(
                                OptionalInt.of(3),
                                Optional.of(new RolloutConfig.ExponentialRate(
                                        2, 5.0, OptionalInt.of(1), OptionalInt.empty()))))
                        .build());
        clock.advance(Duration.ofMinutes(1));
        assertThat(launched("fw")).as("2, then 10 capped to 3").isEqualTo(5);
    }

    @Test
    void aCanceledJobStopsItsRollout() {
        control()
                .createJob(JobSpec.builder("fw")
                        .targets(things(3))
                        .rolloutConfig(RolloutConfig.perMinute(1))
                        .build());
        control().cancelJob("fw", false);
        clock.advance(Duration.ofMinutes(5));
        assertThat(launched("fw")).isEqualTo(1);
    }

    @Test
    void badRolloutConfigurationsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .rolloutConfig(RolloutConfig.perMinute(1001))
                                .build()))
                .hasMessageStartingWith("jobExecutionsRolloutConfig.maximumPerMinute:");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("fw")
                                .targets("d1")
                                .rolloutConfig(RolloutConfig.exponential(10, 1.05, 5))
                                .build()))
                .hasMessageStartingWith("jobExecutionsRolloutConfig.exponentialRate.incrementFactor:");
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            assertError(
                    http.call(
                            "PUT",
                            "/jobs/fw",
                            "{'targets':['d1'],'document':'{}','jobExecutionsRolloutConfig':"
                                    + "{'exponentialRate':{'baseRatePerMinute':5,'incrementFactor':2,'rateIncreaseCriteria':"
                                    + "{'numberOfNotifiedThings':5,'numberOfSucceededThings':5}}}}"),
                    400,
                    "InvalidRequestException",
                    "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria:");
            http.ok(
                    "PUT",
                    "/jobs/fw",
                    "{'targets':['d1'],'document':'{}','jobExecutionsRolloutConfig':"
                            + "{'maximumPerMinute':100,'exponentialRate':{'baseRatePerMinute':5,'incrementFactor':1.5,"
                            + "'rateIncreaseCriteria':{'numberOfSucceededThings':10}}}}");
            assertThat(http.ok("GET", "/jobs/fw", null).path("job").path("jobExecutionsRolloutConfig"))
                    .isEqualTo(json("{'maximumPerMinute':100,'exponentialRate':{'baseRatePerMinute':5,"
                            + "'incrementFactor':1.5,'rateIncreaseCriteria':{'numberOfSucceededThings':10}}}"));
        }
    }
}
