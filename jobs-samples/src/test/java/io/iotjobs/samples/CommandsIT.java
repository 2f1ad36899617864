package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runnable commands, each on its own (its own broker and local Jobs service in this process), as a user
 * runs them: exit code and output.
 */
class CommandsIT {

    private static final String[] DEMO_JOBS = {"firmware-2-4-1", "config-telemetry", "calibrate-sensors", "factory-reset"};

    @Test
    void demoRunsEveryJobToItsExpectedStatusAndExitsZero() {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        Run run;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));   // where slf4j-simple writes
        try {
            run = Run.of("demo", "--work-time", "0ms");
        } finally {
            System.setErr(systemErr);
        }

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("no log noise").isEmpty();
        assertThat(run.out())
                .containsPattern(row("firmware-2-4-1", "firmware_update", "SUCCEEDED"))
                .containsPattern(row("config-telemetry", "config_update", "SUCCEEDED"))
                .containsPattern(row("calibrate-sensors", "calibrate_sensors", "FAILED"))
                .containsPattern(row("factory-reset", "factory_reset", "REJECTED"))
                .contains("All 4 jobs reached their expected status");
        for (String job : DEMO_JOBS) {
            assertThat(run.out()).containsPattern(Pattern.compile(Pattern.quote(job) + " +QUEUED +-> IN_PROGRESS +v2"));
            assertThat(run.out()).containsPattern(Pattern.compile(Pattern.quote(job) + " +IN_PROGRESS -> [A-Z]+ +v3"));
        }
        assertThat(run.out()).contains("queue empty");
    }

    @Test
    void demoOnAnotherThingName() {
        Run run = Run.of("demo", "--work-time", "0ms", "--thing", "sensor-42");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("sensor-42: IotJobsClientV2");
    }

    @Test
    void jobProcessorV1RunsAloneAndStopsWhenTheDemoJobsAreDone() {
        Run run = Run.of("job-processor", "--work-time", "0ms");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("V1 job processor for thing demo-device").contains("queued 4 demo jobs");
        assertFinishedLines(run);
    }

    @Test
    void jobProcessorV2RunsAloneAndStopsWhenTheDemoJobsAreDone() {
        Run run = Run.of("job-processor-v2", "--work-time", "0ms");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("V2 job processor for thing demo-device");
        assertFinishedLines(run);
    }

    @Test
    void monitorRunsAloneAndPrintsTheEventsUntilNothingIsPending() {
        Run run = Run.of("monitor", "--work-time", "0ms");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .containsPattern("notify +SUBSCRIPTION_ESTABLISHED")
                .containsPattern("notify-next +SUBSCRIPTION_ESTABLISHED")
                .containsPattern("notify-next +next: firmware-2-4-1 \\(QUEUED, v1, firmware_update\\)")
                .containsPattern("notify-next +next: factory-reset \\(QUEUED, v1, factory_reset\\)")
                .containsPattern("notify +nothing pending")
                .containsPattern("notify-next +nothing pending");
        assertFinishedLines(run);   // the simulated device's lines
    }

    @Test
    void aProcessorConnectsToAnotherBrokerWithBroker() {
        try (LocalJobs local = LocalJobs.start()) {
            DemoJobs.create(local.control(), "remote-device", DemoJobs.all());

            Run run = Run.of("job-processor-v2", "--broker", local.serverUri(), "--thing", "remote-device",
                    "--until-idle", "--work-time", "0ms");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("on broker " + local.serverUri()).doesNotContain("queued 4 demo jobs");
            assertFinishedLines(run);
            assertThat(local.control().describeJobExecution("remote-device", "factory-reset").orElseThrow().status())
                    .contains(JobStatus.REJECTED);
        }
    }

    private static void assertFinishedLines(Run run) {
        assertThat(run.out())
                .containsPattern("firmware-2-4-1 +IN_PROGRESS -> SUCCEEDED +v3")
                .containsPattern("config-telemetry +IN_PROGRESS -> SUCCEEDED +v3")
                .containsPattern("calibrate-sensors +IN_PROGRESS -> FAILED +v3")
                .containsPattern("factory-reset +IN_PROGRESS -> REJECTED +v3");
    }

    private static Pattern row(String job, String operation, String status) {
        return Pattern.compile("(?m)^ +" + Pattern.quote(job) + " +" + Pattern.quote(operation) + " +" + status
                + " +3 +\\d+\\.\\d\\d s$");
    }
}
