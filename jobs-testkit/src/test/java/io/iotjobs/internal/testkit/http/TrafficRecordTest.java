package io.iotjobs.internal.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.internal.testkit.ServiceObserver.Direction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a message is described to the Live page. */
class TrafficRecordTest {

    private static JsonNode describe(Direction direction, String topic, String payload) throws Exception {
        return describe(direction, topic, payload.getBytes(StandardCharsets.UTF_8), null);
    }

    private static JsonNode describe(Direction direction, String topic, byte[] payload, String note) throws Exception {
        String frame = new TrafficRecord(7, Instant.ofEpochMilli(1234), direction, topic, payload, note).frame();
        assertThat(frame).startsWith("id: 7\nevent: traffic\ndata: ").endsWith("\n\n");
        String data = frame.substring(frame.indexOf("data: ") + 6, frame.length() - 2);
        assertThat(data).doesNotContain("\n");
        return Json.MAPPER.readTree(data);
    }

    @Test
    void aRequestNamesItsOperationThingJobAndStatus() throws Exception {
        JsonNode r = describe(
                Direction.IN,
                "$aws/things/dev-1/jobs/fw-1/update",
                "{\"status\":\"SUCCEEDED\",\"clientToken\":\"t-1\"}");

        assertThat(r.path("time").asLong()).isEqualTo(1234);
        assertThat(r.path("direction").asText()).isEqualTo("in");
        assertThat(r.path("kind").asText()).isEqualTo("request");
        assertThat(r.path("operation").asText()).isEqualTo("UpdateJobExecution");
        assertThat(r.path("thing").asText()).isEqualTo("dev-1");
        assertThat(r.path("jobs").toString()).isEqualTo("[\"fw-1\"]");
        assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.path("clientToken").asText()).isEqualTo("t-1");
        assertThat(r.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void aRejectionCarriesItsErrorCode() throws Exception {
        JsonNode r = describe(
                Direction.OUT,
                "$aws/things/dev-1/jobs/fw-1/update/rejected",
                "{\"code\":\"InvalidStateTransition\",\"message\":\"m\"}");

        assertThat(r.path("kind").asText()).isEqualTo("rejected");
        assertThat(r.path("code").asText()).isEqualTo("InvalidStateTransition");
        assertThat(r.path("operation").asText()).isEqualTo("UpdateJobExecution");
    }

    @Test
    void eventsNameEveryJobTheyList() throws Exception {
        JsonNode notify = describe(
                Direction.OUT,
                "$aws/things/dev-1/jobs/notify",
                "{\"jobs\":{\"IN_PROGRESS\":[{\"jobId\":\"a\"}],\"QUEUED\":[{\"jobId\":\"b\"},{\"jobId\":\"c\"}]}}");
        JsonNode next = describe(
                Direction.OUT,
                "$aws/things/dev-1/jobs/notify-next",
                "{\"execution\":{\"jobId\":\"b\",\"status\":\"QUEUED\",\"jobDocument\":{\"jobId\":\"not-this\"}}}");
        JsonNode nothing = describe(Direction.OUT, "$aws/things/dev-1/jobs/notify-next", "{\"timestamp\":1}");

        assertThat(notify.path("kind").asText()).isEqualTo("notify");
        assertThat(notify.path("jobs").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(next.path("kind").asText()).isEqualTo("notify-next");
        assertThat(next.path("jobs").toString()).as("not the document's fields").isEqualTo("[\"b\"]");
        assertThat(next.path("status").asText()).isEqualTo("QUEUED");
        assertThat(nothing.path("jobs").isEmpty()).isTrue();
    }

    @Test
    void lifecycleEventsAndOtherTopicsAreToldApart() throws Exception {
        JsonNode lifecycle = describe(Direction.OUT, "$aws/events/jobExecution/fw-1/succeeded", "{}");
        JsonNode unknown = describe(Direction.IN, "$aws/things/dev-1/jobs/whatever", "{}");
        JsonNode describeNext = describe(Direction.IN, "$aws/things/dev-1/jobs/$next/get", "{}");

        assertThat(lifecycle.path("kind").asText()).isEqualTo("lifecycle");
        assertThat(lifecycle.path("operation").asText()).isEqualTo("jobExecution succeeded");
        assertThat(lifecycle.path("jobs").toString()).isEqualTo("[\"fw-1\"]");
        assertThat(unknown.path("kind").asText()).isEqualTo("unknown-topic");
        assertThat(describeNext.path("operation").asText()).isEqualTo("DescribeJobExecution");
        assertThat(describeNext.path("jobs").isEmpty()).as("$next is no job").isTrue();
    }

    @Test
    void aLargePayloadIsShownInPartAndAFaultIsNoted() throws Exception {
        byte[] large = ("{\"clientToken\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode r = describe(Direction.IN, "$aws/things/dev-1/jobs/get", large, "lost by fault injection");

        assertThat(r.path("payload").asText()).hasSize(TrafficRecord.SHOWN_CHARS);
        assertThat(r.path("size").asInt()).isEqualTo(large.length);
        assertThat(r.path("truncated").asBoolean()).isTrue();
        assertThat(r.path("note").asText()).isEqualTo("lost by fault injection");
        assertThat(r.has("clientToken")).as("a partial payload is not read").isFalse();
    }

    @Test
    void aPayloadThatIsNotJsonIsShownAsItIs() throws Exception {
        JsonNode r = describe(Direction.IN, "$aws/things/dev-1/jobs/get", "<not json>");

        assertThat(r.path("payload").asText()).isEqualTo("<not json>");
        assertThat(r.has("code")).isFalse();
    }
}
