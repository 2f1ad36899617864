package io.iotjobs.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsServer;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.V2ServiceException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The web console in a real browser (headless Chromium) against the standalone server on free loopback ports,
 * with a device of the SDK's V2 client: a job created in the form runs on the device while the page follows it
 * without a reload; a second job canceled from the page, and the device's notify-next in the Live view; a JSON
 * error shown where it is before anything is sent; the service's refusals next to their controls; the faults;
 * every control labelled, at 1280×800 and on a narrow window. Screenshots of each page go to
 * {@value ConsolePage#SCREENSHOTS}.
 */
class ConsoleBrowserIT {

    private static final String THING = "browser-dev-1";

    private static LocalJobsServer server;
    private static Chromium chromium;
    private static MqttConnection connection;
    private static IotJobsClientV2 device;
    private static StreamingOperation nextStream;
    private static final BlockingQueue<NextJobExecutionChangedEvent> NEXT = new LinkedBlockingQueue<>();

    private ConsolePage page;

    @BeforeAll
    static void start() {
        Chromium.assumeInstalled();
        server = LocalJobsServer.builder().mqttPort(0).httpPort(0).start();
        chromium = Chromium.start(1280, 800);
        URI broker = URI.create(server.mqttUri());
        connection = MqttConnectionBuilder.plain(broker.getHost(), broker.getPort())
                .clientId(THING)
                .build();
        connection.connect().join();
        device = new IotJobsClientV2(connection);
        nextStream = device.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(THING)
                        .build(),
                ServiceStreamOptions.builder(NEXT::add).build());
        nextStream.open().join();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {nextStream, device, connection, chromium, server}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    @BeforeEach
    void openTheConsole() {
        page = new ConsolePage(chromium.driver(), server.consoleUri().orElseThrow());
        page.resize(1280, 800);
    }

    @AfterEach
    void switchTheFaultsOff() {
        server.service().faults().reset();
    }

    private static By executionOf(String jobId, String status) {
        return By.cssSelector(
                "li.job[data-job-id='" + jobId + "'] li[data-thing='" + THING + "'][data-status='" + status + "']");
    }

    private static By action(String jobId, String action) {
        return By.cssSelector("li.job[data-job-id='" + jobId + "'] button[data-action='" + action + "']");
    }

    @Test
    void aJobCreatedInTheFormRunsOnTheDeviceWhileThePageFollowsItWithoutReload() throws Exception {
        page.load("jobs");
        page.script("window.loadedOnce = 'yes'"); // gone if the page reloaded
        page.type("Job id", "fw-browser-1");
        page.type("Target things", THING);
        page.replaceText(
                "Job document (JSON)", "{\n  \"operation\": \"firmware_update\",\n  \"version\": \"2.5.0\"\n}");
        page.find(By.id("job-create")).click();

        page.waitForText(By.id("job-create-done"), "Job fw-browser-1 created.");
        page.waitFor(executionOf("fw-browser-1", "QUEUED"));
        device.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                        .thingName(THING)
                        .statusDetails(Map.of("step", "download"))
                        .build())
                .get(10, TimeUnit.SECONDS);
        page.waitFor(executionOf("fw-browser-1", "IN_PROGRESS"));
        page.screenshot("jobs-in-progress");
        device.updateJobExecution(UpdateJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId("fw-browser-1")
                        .status(JobStatus.SUCCEEDED)
                        .statusDetails(Map.of("result", "<img src=x onerror=\"window.owned=1\">"))
                        .build())
                .get(10, TimeUnit.SECONDS);
        page.waitFor(executionOf("fw-browser-1", "SUCCEEDED"));

        assertThat(page.script("return window.loadedOnce")).isEqualTo("yes");
        page.waitForText(By.cssSelector("li.job[data-job-id='fw-browser-1'] .job-status"), "COMPLETED");
        page.waitUntilDisabled(action("fw-browser-1", "cancel"));
        assertThat(page.find(By.cssSelector("li.job[data-job-id='fw-browser-1'] [data-reason='cancel']"))
                        .getText())
                .isEqualTo("Cancel: job fw-browser-1 is completed: it cannot be canceled");
        page.assertEveryControlIsLabelled("Jobs");
        page.screenshot("jobs");

        // the timeline, with the device's status details shown as text, never as markup
        page.find(By.cssSelector("li.job[data-job-id='fw-browser-1'] li[data-thing='" + THING + "'] a"))
                .click();
        page.waitForText(By.cssSelector("table.timeline tbody"), "SUCCEEDED");
        List<String> statuses =
                page.find(By.cssSelector("table.timeline tbody")).findElements(By.tagName("tr")).stream()
                        .map(row -> row.getAttribute("data-status"))
                        .toList();
        assertThat(statuses).containsExactly("QUEUED", "IN_PROGRESS", "SUCCEEDED");
        assertThat(page.find(By.cssSelector("table.timeline")).getText())
                .contains("step", "download", "<img src=x onerror=\"window.owned=1\">");
        assertThat(page.script("return document.querySelectorAll('main img').length + (window.owned || 0)"))
                .as("no element made from device data")
                .isEqualTo(0L);
        assertThat(page.find(By.cssSelector(".execution-detail pre")).getText())
                .contains("\"operation\": " + "\"firmware_update\"");
        page.assertEveryControlIsLabelled("Things");
        page.screenshot("things");
    }

    @Test
    void aSecondJobCanceledFromThePageEndsInTheDevicesNotifyNextShownLive() throws Exception {
        server.service()
                .control()
                .createJob(JobSpec.builder("fw-browser-2").targets(THING).build());
        page.load("jobs");
        page.waitFor(executionOf("fw-browser-2", "QUEUED"));
        assertThat(nextJob()).as("the device is told of the job").isEqualTo("fw-browser-2");
        assertThat(page.find(action("fw-browser-2", "delete")).isEnabled()).isFalse();
        assertThat(page.find(By.cssSelector("li.job[data-job-id='fw-browser-2'] [data-reason='delete']"))
                        .getText())
                .isEqualTo("Delete: job fw-browser-2 has QUEUED or IN_PROGRESS executions: delete it with force");

        page.find(action("fw-browser-2", "cancel")).click();

        page.waitFor(executionOf("fw-browser-2", "CANCELED"));
        assertThat(nextJob()).as("the device is told nothing is pending").isEmpty();
        page.go("live");
        page.type("Thing", THING);
        page.waitForText(
                By.cssSelector("tr[data-kind='notify-next'][data-thing='" + THING + "']"), "next: nothing pending");
        page.assertEveryControlIsLabelled("Live");
        page.screenshot("live");
    }

    /** The job of the device's next notify-next ("" when nothing is pending). */
    private static String nextJob() throws InterruptedException {
        NextJobExecutionChangedEvent event = NEXT.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("a notify-next within 10 s").isNotNull();
        return event.execution().map(e -> e.jobId()).orElse("");
    }

    @Test
    void aJsonErrorIsShownAtItsLineAndColumnAndNothingIsSent() {
        page.load("jobs");
        page.type("Job id", "fw-broken");
        page.type("Target things", THING);
        page.field("Job document (JSON)").clear();
        page.field("Job document (JSON)").sendKeys("{\n  \"op\": \"install\",\n  \"version\" 2\n}");

        page.waitForText(
                By.id("job-document-error"), "Line 3, column 13: expected ':' after the property name," + " found '2'");
        assertThat(page.find(By.id("job-create")).isEnabled()).isFalse();
        assertThat(page.find(By.id("job-create-reason")).getText())
                .isEqualTo("Fix the job document first (see the" + " error above).");
        page.find(By.xpath("//button[.='Go to the error']")).click();
        assertThat(page.script("return document.getElementById('job-document').selectionStart"))
                .isEqualTo(33L);
        page.waitForText(By.id("job-document-caret"), "Ln 3, Col 13");
        page.screenshot("jobs-json-error");
        assertThat(server.service().control().describeJob("fw-broken"))
                .as("nothing sent")
                .isEmpty();
    }

    @Test
    void theServicesMessageIsShownNextToTheFieldItNames() {
        page.load("jobs");
        page.type("Job id", "fw-grouped");
        page.type("Target thing groups", "no-such-group");

        page.find(By.id("job-create")).click();

        page.waitForText(By.id("job-groups-error"), "targetGroupNames[0]: no thing group named no-such-group");
        assertThat(page.field("Target thing groups").getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(server.service().control().describeJob("fw-grouped"))
                .as("nothing half-created")
                .isEmpty();
        page.type("Job id", "bad id!");
        page.find(By.id("job-create")).click();
        page.waitForText(By.id("job-id-error"), "jobId:");
    }

    @Test
    void theFaultSwitchesShowTheirStateAsRequestsUseThemUp() throws Exception {
        page.load("faults");
        page.type("Fail the next requests", "2");
        page.find(By.cssSelector("button[data-fault-action='failNextRequests']"))
                .click();
        page.waitForText(By.cssSelector("[data-fault='failNextRequests']"), "2 pending");

        try {
            device.getPendingJobExecutions(GetPendingJobExecutionsRequest.builder()
                            .thingName(THING)
                            .build())
                    .join();
        } catch (CompletionException e) {
            assertThat(((V2ServiceException) e.getCause()).modeledError())
                    .hasValueSatisfying(
                            error -> assertThat(error.code().wireName()).isEqualTo("InternalError"));
        }
        page.waitForText(By.cssSelector("[data-fault='failNextRequests']"), "1 pending");
        page.type("Delay every reply (ms)", "-5");
        page.find(By.cssSelector("button[data-fault-action='delayRepliesMillis']"))
                .click();
        page.waitForText(By.id("fault-delayRepliesMillis-error"), "delayRepliesMillis: must be an integer in");
        page.assertEveryControlIsLabelled("Faults");
        page.screenshot("faults");
        page.find(By.id("faults-reset")).click();
        page.waitForText(By.cssSelector("[data-fault='failNextRequests']"), "0 pending");
    }

    @Test
    void aJobsBarShowsItsExecutionsByStatusAtAGlance() throws Exception {
        List<String> things = List.of("sensor-a", "sensor-b", "sensor-c", "sensor-d");
        server.service()
                .control()
                .createJob(JobSpec.builder("fw-2-5-0")
                        .targets(things)
                        .description("firmware 2.5.0 for the pilot sensors")
                        .inProgressTimeout(Duration.ofMinutes(30))
                        .document(JobDocument.parse("{\"operation\":\"firmware_update\"}"))
                        .build());
        // one connection may speak for several things, as a gateway's does
        for (String thing : things.subList(0, 3)) {
            device.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                            .thingName(thing)
                            .build())
                    .get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 2; i++) {
            device.updateJobExecution(UpdateJobExecutionRequest.builder()
                            .thingName(things.get(i))
                            .jobId("fw-2-5-0")
                            .status(i == 0 ? JobStatus.SUCCEEDED : JobStatus.FAILED)
                            .statusDetails(Map.of("reason", i == 0 ? "installed" : "checksum mismatch"))
                            .build())
                    .get(10, TimeUnit.SECONDS);
        }

        page.load("jobs");

        page.waitFor(By.cssSelector("li.job[data-job-id='fw-2-5-0'] .bar[aria-label='1 QUEUED, 1 IN_PROGRESS,"
                + " 1 SUCCEEDED, 1 FAILED']"));
        page.screenshot("docs-console-jobs");
    }

    @Test
    void everyPageFitsANarrowWindowWithEveryControlLabelled() {
        page.resize(420, 800);
        page.load("jobs");
        for (String name : List.of("jobs", "things", "live", "faults")) {
            page.go(name);
            page.assertFitsTheWindow(name);
            page.assertEveryControlIsLabelled(name);
            page.screenshot("narrow-" + name);
        }
    }

    @Test
    void theEditorsCheckerFindsEachErrorWhereItIs() {
        page.load("jobs");
        @SuppressWarnings("unchecked")
        List<String> results = (List<String>) page.asyncScript(
                String.join(
                        "\n",
                        "const done = arguments[arguments.length - 1];",
                        "import('/console/json-check.js').then(m => done(arguments[0].map(t => {",
                        "  const r = m.checkJson(t, true);",
                        "  return r.ok ? 'ok' : r.line + ':' + r.column + ' ' + r.message; })));"),
                List.of(
                        "{\"a\": [1, 2, {\"b\": null}]}",
                        "{\"a\":1,}",
                        "{'a':1}",
                        "{\"a\":01}",
                        "[1]",
                        "{\"a\":\"line\nbreak\"}",
                        "{\n\n   \"x\" : tru }"));

        assertThat(results)
                .containsExactly(
                        "ok",
                        "1:8 a trailing comma is not allowed before '}'",
                        "1:2 expected a property name in double quotes, found a single quote (JSON strings take double quotes)",
                        "1:7 malformed number (no leading zeros)",
                        "1:1 must be a JSON object ({ ... })",
                        "1:11 a string must end on its line (write a line break as \\n)",
                        "3:10 unknown word 'tru' (strings take double quotes; the literals are true, false and null)");
    }
}
