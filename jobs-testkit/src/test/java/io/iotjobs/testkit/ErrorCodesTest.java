package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error code the service produces on its own, with the rejection's fields. */
class ErrorCodesTest extends ServiceTestBase {

    private RawDevice dev;

    @BeforeEach
    void setUp() {
        dev = device("dev-1");
        createJob("job-1", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
    }

    /** Checks code, timestamp, token and that only the allowed fields are present. */
    private JsonNode assertRejected(RawDevice.Message reply, String suffix, String code, String token) {
        assertThat(reply.suffix).isEqualTo(suffix);
        JsonNode body = reply.json;
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("timestamp").isIntegralNumber())
                .as("timestamp in %s", body)
                .isTrue();
        assertThat(body.path("timestamp").asLong()).isEqualTo(now());
        assertThat(body.path("message").isTextual()).as("message in %s", body).isTrue();
        if (token == null) {
            assertThat(body.has("clientToken")).as("clientToken in %s", body).isFalse();
        } else {
            assertThat(body.path("clientToken").asText()).isEqualTo(token);
        }
        boolean withState = code.equals("VersionMismatch") || code.equals("InvalidStateTransition");
        assertThat(body.has("executionState")).as("executionState in %s", body).isEqualTo(withState);
        return body;
    }

    @Test
    void invalidTopic() {
        dev.publish("foo", "{'clientToken':'t-1'}");
        JsonNode body = assertRejected(dev.next(), "foo/rejected", "InvalidTopic", "t-1");
        assertThat(body.path("message").asText()).contains("$aws/things/dev-1/jobs/foo");

        dev.publish("job-1/cancel", "{}");
        assertRejected(dev.next(), "job-1/cancel/rejected", "InvalidTopic", null);

        dev.publish("job-1/get/accepted/x", "{}");
        assertRejected(dev.next(), "job-1/get/accepted/x/rejected", "InvalidTopic", null);
    }

    @Test
    void repliesAndEventsPublishedByOthersAreIgnored() {
        dev.publish("notify", "{'jobs':{}}");
        dev.publish("notify-next", "{}");
        dev.publish("get/accepted", "{}");
        dev.publish("job-1/update/rejected", "{}");
        dev.publish("foo/rejected", "{}");
        dev.assertQuiet();
    }

    @Test
    void invalidJsonHasNoClientToken() {
        dev.publishBytes("get", "{\"clientToken\":\"t-1\",".getBytes(StandardCharsets.UTF_8));
        assertRejected(dev.next(), "get/rejected", "InvalidJson", null);

        dev.publishBytes("job-1/update", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        assertRejected(dev.next(), "job-1/update/rejected", "InvalidJson", null);
    }

    static Stream<Arguments> invalidRequests() {
        String longToken = "x".repeat(65);
        return Stream.of(
                Arguments.of("job-1/update", "{}", "status", null),
                Arguments.of("job-1/update", "{'clientToken':'c','status':'DONE'}", "status", "c"),
                Arguments.of("job-1/update", "{'clientToken':'c','status':'QUEUED'}", "status", "c"),
                Arguments.of("job-1/update", "{'clientToken':'c','status':'CANCELED'}", "status", "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','expectedVersion':'abc'}",
                        "expectedVersion",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','stepTimeoutInMinutes':10081}",
                        "stepTimeoutInMinutes",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','statusDetails':{'bad key':'v'}}",
                        "statusDetails",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','statusDetails':{'k':''}}",
                        "statusDetails",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','statusDetails':{'k':1.5e0," + "'l':[1]}}",
                        "statusDetails",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','statusDetails':" + elevenPairs() + "}",
                        "statusDetails",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','statusDetails':{'k':'a\\u0007'}}",
                        "statusDetails",
                        "c"),
                Arguments.of(
                        "job-1/update",
                        "{'clientToken':'c','status':'IN_PROGRESS','executionNumber':0}",
                        "executionNumber",
                        "c"),
                Arguments.of("$next/update", "{'clientToken':'c','status':'IN_PROGRESS'}", "jobId", "c"),
                Arguments.of("start-next", "{'clientToken':'c','stepTimeoutInMinutes':0}", "stepTimeoutInMinutes", "c"),
                Arguments.of(
                        "start-next", "{'clientToken':'c','stepTimeoutInMinutes':-1}", "stepTimeoutInMinutes", "c"),
                Arguments.of("job-1/get", "{'clientToken':'c','executionNumber':-3}", "executionNumber", "c"),
                Arguments.of("job-1/get", "{'clientToken':'c','includeJobDocument':{}}", "includeJobDocument", "c"),
                Arguments.of("get", "{'clientToken':'" + longToken + "'}", "clientToken", longToken),
                Arguments.of("get", "[1,2]", "payload", null),
                Arguments.of("job.1/get", "{'clientToken':'c'}", "jobId", "c"));
    }

    private static String elevenPairs() {
        StringBuilder pairs = new StringBuilder("{");
        for (int i = 0; i < 11; i++) {
            pairs.append(i == 0 ? "" : ",").append("'k").append(i).append("':'v'");
        }
        return pairs.append('}').toString();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidRequests")
    void invalidRequestNamesTheField(String suffix, String payload, String field, String token) {
        dev.publish(suffix, payload);
        JsonNode body = assertRejected(dev.next(), suffix + "/rejected", "InvalidRequest", token);
        assertThat(body.path("message").asText()).startsWith(field);
        dev.assertQuiet();
        // nothing changed
        assertThat(control()
                        .describeJobExecution("dev-1", "job-1")
                        .orElseThrow()
                        .versionNumber())
                .hasValue(1);
    }

    @Test
    void invalidThingNameInTopic() {
        RawDevice bad = device("bad.thing");
        bad.publish("get", "{'clientToken':'c'}");
        JsonNode body = assertRejected(bad.next(), "get/rejected", "InvalidRequest", "c");
        assertThat(body.path("message").asText()).startsWith("thingName");
    }

    @Test
    void resourceNotFound() {
        dev.publish("nope/get", "{'clientToken':'c1'}");
        assertRejected(dev.next(), "nope/get/rejected", "ResourceNotFound", "c1");
        dev.publish("nope/update", "{'clientToken':'c2','status':'SUCCEEDED'}");
        assertRejected(dev.next(), "nope/update/rejected", "ResourceNotFound", "c2");
        dev.publish("job-1/get", "{'executionNumber':2}");
        assertRejected(dev.next(), "job-1/get/rejected", "ResourceNotFound", null);
        dev.publish("job-1/update", "{'status':'SUCCEEDED','executionNumber':2}");
        assertRejected(dev.next(), "job-1/update/rejected", "ResourceNotFound", null);

        RawDevice other = device("dev-2");
        other.publish("job-1/get", "{}");
        assertRejected(other.next(), "job-1/get/rejected", "ResourceNotFound", null);

        control().deleteJobExecution("dev-1", "job-1", 1, true);
        dev.expectAnyOrder("notify", "notify-next");
        dev.publish("job-1/get", "{'clientToken':'c3'}");
        assertRejected(dev.next(), "job-1/get/rejected", "ResourceNotFound", "c3");
    }

    @Test
    void versionMismatchCarriesTheCurrentState() {
        dev.publish("job-1/update", "{'status':'IN_PROGRESS','statusDetails':{'step':'one'},'expectedVersion':'1'}");
        dev.expectAnyOrder("job-1/update/accepted");
        dev.publish("job-1/update", "{'clientToken':'c','status':'SUCCEEDED','expectedVersion':1}");
        JsonNode body = assertRejected(dev.next(), "job-1/update/rejected", "VersionMismatch", "c");
        assertThat(body.path("message").asText()).contains("expectedVersion");
        assertThat(body.path("executionState"))
                .isEqualTo(json("{'status':'IN_PROGRESS','statusDetails':" + "{'step':'one'},'versionNumber':2}"));
        dev.assertQuiet();
        assertThat(control()
                        .describeJobExecution("dev-1", "job-1")
                        .orElseThrow()
                        .versionNumber())
                .hasValue(2);
    }

    @Test
    void invalidStateTransitionAfterATerminalStatus() {
        // QUEUED may go straight to SUCCEEDED
        dev.publish("job-1/update", "{'status':'SUCCEEDED'}");
        dev.expectAnyOrder("job-1/update/accepted", "notify", "notify-next");
        dev.publish("job-1/update", "{'clientToken':'c','status':'IN_PROGRESS'}");
        JsonNode body = assertRejected(dev.next(), "job-1/update/rejected", "InvalidStateTransition", "c");
        assertThat(body.path("executionState")).isEqualTo(json("{'status':'SUCCEEDED','versionNumber':2}"));
        // repeating the terminal status is rejected too, and the state is checked before the version
        dev.publish("job-1/update", "{'clientToken':'d','status':'SUCCEEDED','expectedVersion':7}");
        body = assertRejected(dev.next(), "job-1/update/rejected", "InvalidStateTransition", "d");
        assertThat(body.path("executionState").path("versionNumber").asLong()).isEqualTo(2);
        dev.assertQuiet();
    }

    @Test
    void describeOfATerminalExecutionIsAcceptedByDefault() {
        dev.publish("job-1/update", "{'status':'FAILED'}");
        dev.expectAnyOrder("job-1/update/accepted", "notify", "notify-next");
        dev.publish("job-1/get", "{'clientToken':'c'}");
        JsonNode body = dev.expect("job-1/get/accepted");
        assertThat(body.path("execution").path("status").asText()).isEqualTo("FAILED");
        assertThat(body.path("clientToken").asText()).isEqualTo("c");
    }

    @Test
    void terminalStateReachedWhenConfigured() {
        LocalJobsService strict = newService(b -> b.describeTerminalAsError(true));
        service.close();
        RawDevice dev2 = device("dev-2");
        strict.control().createJob("job-2", doc("job-2"), java.util.List.of("dev-2"), java.util.Optional.empty());
        dev2.expectAnyOrder("notify", "notify-next");
        dev2.publish("job-2/update", "{'status':'REJECTED'}");
        dev2.expectAnyOrder("job-2/update/accepted", "notify", "notify-next");
        dev2.publish("job-2/get", "{'clientToken':'c'}");
        JsonNode body = assertRejected(dev2.next(), "job-2/get/rejected", "TerminalStateReached", "c");
        assertThat(body.path("message").asText()).contains("REJECTED");
        // $next is never terminal
        dev2.publish("$next/get", "{'clientToken':'n'}");
        assertThat(dev2.expect("$next/get/accepted")).isEqualTo(json("{'clientToken':'n','timestamp':" + now() + "}"));
    }
}
