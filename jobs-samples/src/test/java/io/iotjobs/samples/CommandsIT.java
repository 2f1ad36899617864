package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The runnable commands, each on its own (its own broker and local Jobs service in this process), as a user
 * runs them: exit code and output.
 */
class CommandsIT {

    private static final String[] DEMO_JOBS = {
        "firmware-2-4-1", "config-telemetry", "calibrate-sensors", "factory-reset"
    };

    @Test
    void demoRunsEveryJobToItsExpectedStatusAndExitsZero() {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        Run run;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8)); // where slf4j-simple writes
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
    void demoWithTheConsoleServesItAndKeepsTheDeviceRunningUntilStopped() throws Exception {
        StopSignal stay = new StopSignal();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == DemoCommand.class
                        ? type.cast(new DemoCommand(stay))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SamplesMain.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                factory,
                "demo",
                "--console",
                "--console-port",
                "0",
                "--work-time",
                "0ms"));
        try {
            String printed = awaitOutput(out, err, "Stop with Ctrl-C.", exit);
            Matcher console =
                    Pattern.compile("console  (http://127\\.0\\.0\\.1:\\d+/) ").matcher(printed);
            assertThat(console.find()).as(printed).isTrue();
            String base = console.group(1);

            assertThat(http("GET", base, null)).contains("<title>Local IoT Jobs console</title>");
            assertThat(http("GET", base + "console/api/jobs", null)).contains(DEMO_JOBS);
            http(
                    "PUT",
                    base + "jobs/from-the-console",
                    "{\"targets\":[\"demo-device\"],\"document\":"
                            + "\"{\\\"operation\\\":\\\"config_update\\\",\\\"config\\\":{\\\"interval\\\":30}}\"}");
            awaitOutput(out, err, "from-the-console    IN_PROGRESS -> SUCCEEDED", exit);
        } finally {
            stay.stop();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("All 4 jobs reached their expected status");
    }

    @Test
    void theConsolePortNeedsTheConsole() {
        Run run = Run.of("demo", "--console-port", "9000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--console-port: only with --console");
    }

    /** Waits (bounded) until the command printed the text; returns everything printed. */
    private static String awaitOutput(
            StringWriter out, StringWriter err, String text, CompletableFuture<Integer> exit) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains(text)) {
            assertThat(exit).as("the command ended early:\n" + out + "\n" + err).isNotDone();
            assertThat(System.nanoTime())
                    .as("\"" + text + "\" not printed within 60 s:\n" + out)
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return out.toString();
    }

    private static String http(String method, String uri, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(uri))
                                .method(
                                        method,
                                        json == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(json))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + uri + ": " + response.body())
                .isEqualTo(200);
        return response.body();
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
        assertFinishedLines(run); // the simulated device's lines
    }

    @Test
    void aProcessorConnectsToAnotherBrokerWithBroker() {
        try (LocalJobs local = LocalJobs.start()) {
            DemoJobs.create(local.control(), "remote-device", DemoJobs.all());

            Run run = Run.of(
                    "job-processor-v2",
                    "--broker",
                    local.serverUri(),
                    "--thing",
                    "remote-device",
                    "--until-idle",
                    "--work-time",
                    "0ms");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("on broker " + local.serverUri()).doesNotContain("queued 4 demo jobs");
            assertFinishedLines(run);
            assertThat(local.control()
                            .describeJobExecution("remote-device", "factory-reset")
                            .orElseThrow()
                            .status())
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
