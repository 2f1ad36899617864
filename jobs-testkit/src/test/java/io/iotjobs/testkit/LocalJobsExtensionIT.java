package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension used the way a user would: each test gets its own service, clock and faults; connections are
 * closed after the test. The tests run in order so that later ones can check what earlier ones left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalJobsExtensionIT {

    @RegisterExtension
    static LocalJobsExtension jobs = LocalJobsExtension.create();

    private static MqttConnection firstDeviceConnection;
    private static LocalJobsService firstService;
    private static String firstThing;

    @Test
    @Order(1)
    void aDeviceRunsAJobAndTheTestClockTimesItOut() throws Exception {
        String thing = jobs.uniqueThingName("ext-device");
        MqttConnection device = jobs.newConnection(thing);
        assertThat(device.isConnected())
                .as("newConnection returns a connected connection")
                .isTrue();
        firstDeviceConnection = device;
        firstService = jobs.service();
        firstThing = thing;
        TransportInbox inbox = TransportInbox.subscribe(device, thing);

        jobs.control()
                .createJob(JobSpec.builder("fw-1")
                        .targets(thing)
                        .inProgressTimeout(Duration.ofMinutes(10))
                        .build());

        assertThat(inbox.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("fw-1");
        assertThat(inbox.expect("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("fw-1");
        inbox.publish("start-next", "{'clientToken':'s1'}");
        JsonNode started = inbox.expect("start-next/accepted");
        assertThat(started.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(started.path("timestamp").asLong()).isEqualTo(TestClock.DEFAULT_START.getEpochSecond());

        jobs.clock().advance(Duration.ofMinutes(10));

        assertThat(jobs.control()
                        .describeJobExecution(thing, "fw-1")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.TIMED_OUT);
        assertThat(inbox.expect("notify").path("jobs").isEmpty())
                .as("nothing pending after the timeout")
                .isTrue();
        assertThat(inbox.expect("notify-next").has("execution")).isFalse();
    }

    @Test
    @Order(2)
    void theNextTestSeesNothingOfThePreviousOne() {
        assertThat(jobs.service()).isNotSameAs(firstService);
        assertThat(jobs.control().listJobs()).isEmpty();
        assertThat(jobs.control().listJobExecutionsForThing(firstThing)).isEmpty();
        assertThat(jobs.clock().now()).as("a fresh clock").isEqualTo(TestClock.DEFAULT_START);
        assertThat(firstDeviceConnection.isConnected())
                .as("the previous test's connection was closed")
                .isFalse();
        assertThatThrownBy(() -> firstService
                        .control()
                        .createJob(JobSpec.builder("late").targets("t").build()))
                .as("the previous test's service was closed")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        jobs.control().createJob(JobSpec.builder("fw-1").targets(firstThing).build());

        assertThat(jobs.control()
                        .describeJobExecution(firstThing, "fw-1")
                        .orElseThrow()
                        .executionNumber())
                .as("the job id is free again, and numbering starts over")
                .hasValue(1);
    }

    @Test
    @Order(3)
    void faultsSetInOneTest() throws Exception {
        jobs.faults().failNextRequests(5);
        String thing = jobs.uniqueThingName("ext-faults");
        TransportInbox inbox = TransportInbox.subscribe(jobs.newConnection(thing), thing);

        inbox.publish("get", "{'clientToken':'f1'}");

        assertThat(inbox.expect("get/rejected").path("code").asText()).isEqualTo("InternalError");
    }

    @Test
    @Order(4)
    void areGoneInTheNext() throws Exception {
        String thing = jobs.uniqueThingName("ext-faults");
        TransportInbox inbox = TransportInbox.subscribe(jobs.newConnection(thing), thing);

        inbox.publish("get", "{'clientToken':'f2'}");

        JsonNode reply = inbox.expect("get/accepted");
        assertThat(reply.path("clientToken").asText()).isEqualTo("f2");
        assertThat(reply.path("queuedJobs").isEmpty()).isTrue();
    }

    @Test
    @Order(5)
    void parametersAreTheCurrentTestsObjects(
            LocalJobsService service,
            JobsControl control,
            TestClock clock,
            FaultInjection faults,
            LocalJobsExtension extension) {
        assertThat(service).isSameAs(jobs.service());
        assertThat(control).isSameAs(jobs.control());
        assertThat(clock).isSameAs(jobs.clock());
        assertThat(faults).isSameAs(jobs.faults());
        assertThat(extension).isSameAs(jobs);
    }

    @Test
    @Order(6)
    void otherThreadsReachTheOnlyRunningTest() throws Exception {
        JobsControl fromElsewhere =
                CompletableFuture.supplyAsync(() -> jobs.control()).get(10, TimeUnit.SECONDS);

        assertThat(fromElsewhere).isSameAs(jobs.control());
    }

    @Test
    @Order(7)
    void uniqueThingNamesDifferAndAreValid() {
        String one = jobs.uniqueThingName("dev");
        String two = jobs.uniqueThingName("dev");

        assertThat(one).startsWith("dev-").isNotEqualTo(two).matches("[a-zA-Z0-9:_-]{1,128}");
        assertThatThrownBy(() -> jobs.uniqueThingName("dev/1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prefix:");
        assertThatThrownBy(() -> jobs.uniqueThingName("x".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prefix:");
        String external = System.getProperty(LocalJobsExtension.BROKER_PROPERTY, "");
        assertThat(jobs.brokerUri())
                .isEqualTo(external.isBlank() ? EmbeddedBroker.shared().serverUri() : external.trim());
    }

    @AfterAll
    static void outsideATestTheAccessorsExplain() {
        assertThatThrownBy(jobs::control)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no test is running");
        assertThatThrownBy(() -> jobs.newConnection("late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no test is running");
    }
}
