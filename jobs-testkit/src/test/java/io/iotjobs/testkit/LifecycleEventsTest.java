package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Job and job-execution lifecycle events on $aws/events/..., when enabled. */
class LifecycleEventsTest extends ServiceTestBase {

    private record Event(String topic, JsonNode json) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private InMemoryBroker.Client monitor;

    @BeforeEach
    void subscribe() {
        monitor = broker.connect("monitor");
        monitor.subscribe(
                        "$aws/events/#",
                        SubscribeOptions.of(Qos.AT_LEAST_ONCE, true),
                        (topic, payload, qos) -> events.add(
                                new Event(topic, RawDevice.json(new String(payload, StandardCharsets.UTF_8)))))
                .join();
    }

    @AfterEach
    void close() {
        monitor.close();
    }

    private Event next() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event").isNotNull();
        return event;
    }

    /** The topics of the events received until a marker job's execution event, which is not included. */
    private List<String> topicsUntilMarker() throws InterruptedException {
        createJob("marker", "marker-thing");
        control().cancelJobExecution("marker-thing", "marker", false);
        List<String> topics = new ArrayList<>();
        for (Event e = next(); !e.topic.contains("/marker/"); e = next()) {
            topics.add(e.topic);
        }
        return topics;
    }

    @Test
    void executionAndJobEventsCarryAwsPayloadsWhenEnabled() throws Exception {
        control().jobEvents(true);
        control().jobExecutionEvents(true);
        createJob("fw", "d1");
        RawDevice dev = device("d1");
        dev.request("start-next", "{}");

        dev.request("fw/update", "{'status':'SUCCEEDED','statusDetails':{'v':'2'}}");

        Event execution = next();
        assertThat(execution.topic).isEqualTo("$aws/events/jobExecution/fw/succeeded");
        assertThat(execution.json.path("eventType").asText()).isEqualTo("JOB_EXECUTION");
        assertThat(execution.json.path("operation").asText()).isEqualTo("succeeded");
        assertThat(execution.json.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(execution.json.path("thingArn").asText()).isEqualTo(ControlHttp.ARN + "thing/d1");
        assertThat(execution.json.path("statusDetails")).isEqualTo(json("{'v':'2'}"));
        assertThat(execution.json.path("timestamp").asLong()).isEqualTo(now());
        Event completed = next();
        assertThat(completed.topic).isEqualTo("$aws/events/job/fw/completed");
        assertThat(completed.json.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed
                        .json
                        .path("jobProcessDetails")
                        .path("numberOfSucceededThings")
                        .asInt())
                .isEqualTo(1);
        assertThat(completed.json.path("targets")).isEqualTo(json("['" + ControlHttp.ARN + "thing/d1']"));
    }

    @Test
    void cancelDeleteTimeoutAndRemovalEachHaveTheirEvents() throws Exception {
        control().jobEvents(true);
        control().jobExecutionEvents(true);
        control()
                .createJob(JobSpec.builder("slow")
                        .targets("d1")
                        .inProgressTimeout(Duration.ofMinutes(1))
                        .build());
        device("d1").request("start-next", "{}");
        clock.advance(Duration.ofMinutes(1));
        createJob("c", "d2", "d3");
        control().cancelJob("c", false);
        createJob("del", "d4");
        control().deleteJob("del", true);

        assertThat(topicsUntilMarker())
                .containsExactly(
                        "$aws/events/jobExecution/slow/timed_out",
                        "$aws/events/job/slow/completed",
                        "$aws/events/job/c/cancellation_in_progress",
                        "$aws/events/jobExecution/c/canceled",
                        "$aws/events/jobExecution/c/canceled",
                        "$aws/events/job/c/canceled",
                        "$aws/events/job/del/deletion_in_progress",
                        "$aws/events/jobExecution/del/deleted",
                        "$aws/events/job/del/deleted");
    }

    @Test
    void nothingIsPublishedWhileDisabled() throws Exception {
        createJob("fw", "d1");
        control().cancelJob("fw", false);
        control().jobExecutionEvents(true);
        assertThat(topicsUntilMarker()).isEmpty();
    }

    @Test
    void theHttpApiSwitchesTheEventConfigurations() {
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            http.ok(
                    "PATCH",
                    "/event-configurations",
                    "{'eventConfigurations':{'JOB':{'Enabled':true}," + "'THING':{'Enabled':true}}}");
            JsonNode described = http.ok("GET", "/event-configurations", null).path("eventConfigurations");
            assertThat(described.path("JOB").path("Enabled").asBoolean()).isTrue();
            assertThat(described.path("JOB_EXECUTION").path("Enabled").asBoolean())
                    .isFalse();
        }
    }
}
