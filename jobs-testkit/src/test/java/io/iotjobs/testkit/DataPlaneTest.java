package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jobs HTTP data plane (requests signed for iot-jobs-data) sharing state with the MQTT side, and the two
 * fidelity checks of device requests: string-only status details and AWS IoT's 128 KB payload limit.
 */
class DataPlaneTest extends ServiceTestBase {

    private HttpControlApi api;
    private ControlHttp data;

    @BeforeEach
    void startApi() {
        api = HttpControlApi.start(service, 0);
        data = new ControlHttp(api.uri()).dataPlane();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void aDeviceMayMixTheHttpDataPlaneAndMqtt() {
        createJob("fw", "d1");
        RawDevice dev = device("d1");

        JsonNode pending = data.ok("GET", "/things/d1/jobs", null);
        assertThat(pending.path("queuedJobs").get(0).path("jobId").asText()).isEqualTo("fw");
        assertThat(pending.has("timestamp")).isFalse();

        JsonNode started = data.ok("PUT", "/things/d1/jobs/$next", "{'statusDetails':{'step':'download'}}")
                .path("execution");
        assertThat(started.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(started.path("thingName").asText()).isEqualTo("d1");
        assertThat(started.path("jobDocument").asText()).as("a string on HTTP").isEqualTo("{\"name\":\"fw\"}");

        JsonNode described = dev.request("fw/get", "{}").json.path("execution");
        assertThat(described.path("statusDetails").path("step").asText()).isEqualTo("download");
        assertThat(data.ok("GET", "/things/d1/jobs/fw?includeJobDocument=false", null)
                        .path("execution")
                        .has("jobDocument"))
                .isFalse();

        JsonNode updated = data.ok(
                "POST",
                "/things/d1/jobs/fw",
                "{'status':'SUCCEEDED','expectedVersion':2,"
                        + "'includeJobExecutionState':true,'includeJobDocument':true}");
        assertThat(updated.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(updated.path("jobDocument").isTextual()).isTrue();
        assertThat(dev.expect("notify").path("jobs").isEmpty())
                .as("MQTT events for HTTP changes")
                .isTrue();
        assertThat(control().describeJobExecution("d1", "fw").orElseThrow().status())
                .contains(JobStatus.SUCCEEDED);
    }

    @Test
    void dataPlaneRejectionsAreAwsExceptions() {
        createJob("fw", "d1");
        assertError(
                data.call("POST", "/things/d1/jobs/nope", "{'status':'IN_PROGRESS'}"),
                404,
                "ResourceNotFoundException",
                "job execution of job nope");
        assertError(
                data.call("POST", "/things/d1/jobs/fw", "{'status':'IN_PROGRESS','statusDetails':{'n':1}}"),
                400,
                "InvalidRequestException",
                "statusDetails.n: must be a string");
        assertError(
                data.call("POST", "/things/d1/jobs/fw", "{'status':'IN_PROGRESS','expectedVersion':9}"),
                409,
                "InvalidStateTransitionException",
                "expectedVersion:");
        data.ok("POST", "/things/d1/jobs/fw", "{'status':'FAILED'}");
        assertError(
                data.call("POST", "/things/d1/jobs/fw", "{'status':'SUCCEEDED'}"),
                409,
                "InvalidStateTransitionException",
                "job execution of job fw");
        assertError(data.call("GET", "/things/d%2F1/jobs", null), 400, "InvalidRequestException", "thingName:");
    }

    @Test
    void unsignedRequestsOnTheSamePathsAreTheControlPlane() {
        createJob("fw", "d1");
        JsonNode control = new ControlHttp(api.uri()).ok("GET", "/things/d1/jobs", null);
        assertThat(control.has("executionSummaries")).isTrue();
        assertThat(control.has("queuedJobs")).isFalse();
    }

    @Test
    void overMqttNonStringStatusDetailsAndOversizedPayloadsAreRefused() {
        RawDevice dev = device("d1");
        createJob("fw", "d1");
        dev.expect("notify");
        dev.expect("notify-next");

        JsonNode rejected = dev.request(
                        "fw/update", "{'status':'IN_PROGRESS','statusDetails':{'progress':50}," + "'clientToken':'t1'}")
                .json;
        assertThat(rejected.path("code").asText()).isEqualTo("InvalidRequest");
        assertThat(rejected.path("message").asText()).startsWith("statusDetails.progress:");
        assertThat(rejected.path("clientToken").asText()).isEqualTo("t1");

        char[] filler = new char[2 * 1024 * 1024];
        Arrays.fill(filler, 'x');
        dev.publishBytes(
                "fw/update",
                ("{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"big\":\"" + new String(filler) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));

        JsonNode tooLarge = dev.reply("fw/update").json;
        assertThat(tooLarge.path("code").asText()).isEqualTo("InvalidRequest");
        assertThat(tooLarge.path("message").asText()).startsWith("payload: ").contains("PAYLOAD_LIMIT_EXCEEDED");
        assertThat(control().describeJobExecution("d1", "fw").orElseThrow().status())
                .contains(JobStatus.QUEUED);
    }
}
