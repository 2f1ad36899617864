package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Scheduling configurations on the test clock, which starts at 2024-05-29T16:26:40Z (a Wednesday): start and
 * end times, end behaviors and maintenance windows.
 */
class SchedulingTest extends ServiceTestBase {

    private static final Instant EIGHTEEN = Instant.parse("2024-05-29T18:00:00Z");

    private JobInfo.Status jobStatus(String jobId) {
        return control().describeJob(jobId).orElseThrow().status();
    }

    private JobStatus status(String thing, String jobId) {
        return control()
                .describeJobExecution(thing, jobId)
                .orElseThrow()
                .status()
                .orElseThrow();
    }

    private static SchedulingConfig config(
            Instant start,
            Instant end,
            SchedulingConfig.EndBehavior behavior,
            SchedulingConfig.MaintenanceWindow... windows) {
        return new SchedulingConfig(
                Optional.ofNullable(start), Optional.ofNullable(end), Optional.ofNullable(behavior), List.of(windows));
    }

    @Test
    void aJobWithAStartTimeIsScheduledAndReachesItsThingsAtThatTime() {
        RawDevice dev = device("d1");
        control()
                .createJob(JobSpec.builder("later")
                        .targets("d1")
                        .schedulingConfig(
                                SchedulingConfig.startingAt(clock.now().plus(Duration.ofMinutes(45))))
                        .build());

        assertThat(jobStatus("later")).isEqualTo(JobInfo.Status.SCHEDULED);
        assertThat(control().listJobExecutionsForJob("later")).isEmpty();
        clock.advance(Duration.ofMinutes(44));
        dev.assertQuiet();

        clock.advance(Duration.ofMinutes(1));

        assertThat(dev.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("later");
        assertThat(jobStatus("later")).isEqualTo(JobInfo.Status.IN_PROGRESS);
    }

    @Test
    void maintenanceWindowsConfineTheRolloutAndTheJobIsScheduledBetweenThem() {
        control()
                .createJob(JobSpec.builder("nightly")
                        .targets("d1", "d2", "d3")
                        .rolloutConfig(RolloutConfig.perMinute(1))
                        .schedulingConfig(config(
                                null, null, null, new SchedulingConfig.MaintenanceWindow("cron(0 18 * * ? *)", 2)))
                        .build());
        assertThat(jobStatus("nightly")).isEqualTo(JobInfo.Status.SCHEDULED);

        clock.set(EIGHTEEN);
        assertThat(control().listJobExecutionsForJob("nightly")).hasSize(1);
        assertThat(jobStatus("nightly")).isEqualTo(JobInfo.Status.IN_PROGRESS);
        clock.advance(Duration.ofMinutes(1));
        assertThat(control().listJobExecutionsForJob("nightly")).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(control().listJobExecutionsForJob("nightly"))
                .as("the window closed")
                .hasSize(2);
        assertThat(jobStatus("nightly")).isEqualTo(JobInfo.Status.SCHEDULED);

        clock.set(EIGHTEEN.plus(Duration.ofDays(1)));
        assertThat(control().listJobExecutionsForJob("nightly")).hasSize(3);
    }

    @Test
    void atTheEndTimeCancelCancelsQueuedAndForceCancelAlsoInProgressExecutions() {
        Instant end = clock.now().plus(Duration.ofHours(1));
        control()
                .createJob(JobSpec.builder("soft")
                        .targets("d1", "d2")
                        .schedulingConfig(config(null, end, SchedulingConfig.EndBehavior.CANCEL))
                        .build());
        control()
                .createJob(JobSpec.builder("hard")
                        .targets("d3")
                        .schedulingConfig(config(null, end, SchedulingConfig.EndBehavior.FORCE_CANCEL))
                        .build());
        device("d1").request("start-next", "{}");
        device("d3").request("start-next", "{}");

        clock.set(end);

        assertThat(status("d1", "soft")).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(status("d2", "soft")).isEqualTo(JobStatus.CANCELED);
        assertThat(status("d3", "hard")).isEqualTo(JobStatus.CANCELED);
        assertThat(jobStatus("soft")).isEqualTo(JobInfo.Status.CANCELED);
    }

    @Test
    void stopRolloutHandsOutNothingAfterTheEndTime() {
        List<String> things = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            things.add("t" + i);
        }
        Instant end = clock.now().plus(Duration.ofMinutes(30));
        control()
                .createJob(JobSpec.builder("slow")
                        .targets(things)
                        .rolloutConfig(RolloutConfig.perMinute(1))
                        .schedulingConfig(config(null, end, SchedulingConfig.EndBehavior.STOP_ROLLOUT))
                        .build());

        for (int minute = 0; minute < 40; minute++) {
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(control().listJobExecutionsForJob("slow"))
                .as("one a minute until the end")
                .hasSize(30);
        assertThat(jobStatus("slow")).isEqualTo(JobInfo.Status.IN_PROGRESS);
        things.subList(0, 30).forEach(thing -> control().cancelJobExecution(thing, "slow", false));
        assertThat(jobStatus("slow")).isEqualTo(JobInfo.Status.COMPLETED);
    }

    @Test
    void badSchedulesAreRefusedNamingTheField() {
        Instant now = clock.now();
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .schedulingConfig(SchedulingConfig.startingAt(now.plus(Duration.ofMinutes(10))))
                                .build()))
                .hasMessageStartingWith("schedulingConfig.startTime:");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .schedulingConfig(
                                        config(now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(1)), null))
                                .build()))
                .hasMessageStartingWith("schedulingConfig.endTime:");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .schedulingConfig(config(
                                        null,
                                        null,
                                        null,
                                        new SchedulingConfig.MaintenanceWindow("cron(0 18 * * ? *)", 60),
                                        new SchedulingConfig.MaintenanceWindow("cron(30 18 ? * WED *)", 10)))
                                .build()))
                .hasMessageStartingWith("schedulingConfig.maintenanceWindows[1].startTime:")
                .hasMessageContaining("overlaps");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .schedulingConfig(config(
                                        null,
                                        null,
                                        null,
                                        new SchedulingConfig.MaintenanceWindow("cron(0 25 * * ? *)", 60)))
                                .build()))
                .hasMessageStartingWith("schedulingConfig.maintenanceWindows[0].startTime (hours):");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .schedulingConfig(config(
                                        null,
                                        null,
                                        null,
                                        new SchedulingConfig.MaintenanceWindow("cron(0 1 * * ? *)", 1431)))
                                .build()))
                .hasMessageStartingWith("schedulingConfig.maintenanceWindows[0].durationInMinutes:");
        assertThat(control().listJobs()).isEmpty();
    }

    @Test
    void theHttpApiTakesAndShowsTheSchedule() {
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            assertError(
                    http.call(
                            "PUT",
                            "/jobs/j",
                            "{'targets':['d1'],'document':'{}','schedulingConfig':" + "{'startTime':'tomorrow'}}"),
                    400,
                    "InvalidRequestException",
                    "schedulingConfig.startTime:");
            http.ok(
                    "PUT",
                    "/jobs/j",
                    "{'targets':['d1'],'document':'{}','schedulingConfig':{'startTime':"
                            + "'2024-05-29T18:00','endTime':'2024-05-30T18:00','endBehavior':'CANCEL','maintenanceWindows':"
                            + "[{'startTime':'cron(0 18 * * ? *)','durationInMinutes':30}]}}");
            assertThat(http.ok("GET", "/jobs/j", null)
                            .path("job")
                            .path("status")
                            .asText())
                    .isEqualTo("SCHEDULED");
            assertThat(http.ok("GET", "/jobs/j", null).path("job").path("schedulingConfig"))
                    .isEqualTo(
                            json(
                                    "{'startTime':'2024-05-29T18:00','endTime':'2024-05-30T18:00','endBehavior':'CANCEL',"
                                            + "'maintenanceWindows':[{'startTime':'cron(0 18 * * ? *)','durationInMinutes':30}]}"));
            assertThat(http.ok("GET", "/jobs?status=SCHEDULED", null).path("jobs"))
                    .hasSize(1);
        }
    }
}
