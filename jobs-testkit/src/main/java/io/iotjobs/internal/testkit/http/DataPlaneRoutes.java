package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.testkit.DataPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Jobs HTTP data plane ({@code iot-jobs-data}): GetPendingJobExecutions, StartNextPendingJobExecution,
 * DescribeJobExecution and UpdateJobExecution on AWS's paths
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_Operations_AWS_IoT_Jobs_Data_Plane.html), run by the
 * same service as the MQTT requests.
 *
 * <p>AWS tells the data plane from the control plane by its endpoint; here both share one port, and a request
 * belongs to the data plane when its SigV4 credential scope names the service {@code iot-jobs-data} (the
 * {@code Authorization} header's {@code Credential=<key>/<date>/<region>/iot-jobs-data/aws4_request}, or the
 * {@code X-Amz-Credential} query parameter), as every AWS SDK and the AWS CLI sign it. Unsigned requests go to
 * the control plane.
 *
 * <p>Rejections become AWS's exceptions: InvalidRequest and InvalidJson 400 {@code InvalidRequestException},
 * ResourceNotFound 404 {@code ResourceNotFoundException}, InvalidStateTransition 409
 * {@code InvalidStateTransitionException}, TerminalStateReached 410 {@code TerminalStateException},
 * RequestThrottled 429 {@code ThrottlingException}. UNCONFIRMED: the data plane has no exception for a version
 * mismatch; VersionMismatch is answered as 409 {@code InvalidStateTransitionException}.
 */
final class DataPlaneRoutes {

    private static final Map<String, ApiError.Type> ERRORS = Map.of(
            "InvalidRequest", ApiError.Type.INVALID_REQUEST,
            "InvalidJson", ApiError.Type.INVALID_REQUEST,
            "ResourceNotFound", ApiError.Type.RESOURCE_NOT_FOUND,
            "InvalidStateTransition", ApiError.Type.INVALID_STATE_TRANSITION,
            "VersionMismatch", ApiError.Type.INVALID_STATE_TRANSITION,
            "TerminalStateReached", ApiError.Type.TERMINAL_STATE,
            "RequestThrottled", ApiError.Type.THROTTLING);

    private final DataPlane plane;

    DataPlaneRoutes(DataPlane plane) {
        this.plane = plane;
    }

    /** Whether the request is signed for the {@code iot-jobs-data} service. */
    static boolean isDataPlane(HttpCall call) {
        String authorization = call.header("Authorization");
        String credential = call.query("X-Amz-Credential");
        return authorization != null && authorization.contains("/iot-jobs-data/aws4_request")
                || credential != null && credential.contains("/iot-jobs-data/");
    }

    void addTo(Router router) {
        router.add("GET", "things/{thingName}/jobs", "GetPendingJobExecutions", this::getPending)
                .add("PUT", "things/{thingName}/jobs/$next", "StartNextPendingJobExecution", this::startNext)
                .add("GET", "things/{thingName}/jobs/{jobId}", "DescribeJobExecution", this::describe)
                .add("POST", "things/{thingName}/jobs/{jobId}", "UpdateJobExecution", this::update);
    }

    private JsonNode getPending(HttpCall call) {
        return run(Operation.GET_PENDING, call, null, "{}");
    }

    private JsonNode startNext(HttpCall call) {
        return run(Operation.START_NEXT, call, null, body(call));
    }

    private JsonNode describe(HttpCall call) {
        ObjectNode payload = Json.NODES.objectNode();
        String include = call.query("includeJobDocument");
        if (include != null) {
            payload.put("includeJobDocument", Fields.flag(call, "includeJobDocument"));
        }
        String number = call.query("executionNumber");
        if (number != null) {
            payload.put("executionNumber", Fields.executionNumber(number));
        }
        return run(Operation.DESCRIBE, call, Fields.jobId(call.param("jobId")), payload.toString());
    }

    private JsonNode update(HttpCall call) {
        return run(Operation.UPDATE, call, Fields.jobId(call.param("jobId")), body(call));
    }

    private static String body(HttpCall call) {
        return call.body().toString();
    }

    private JsonNode run(Operation<?, ?> op, HttpCall call, String jobId, String payload) {
        String thingName = Fields.thingName(call.param("thingName"));
        DataPlane.Result result = plane.run(op, thingName, jobId, payload);
        if (!result.accepted()) {
            throw new ApiError(
                    ERRORS.getOrDefault(result.rejection(), ApiError.Type.INTERNAL_FAILURE), result.message());
        }
        ObjectNode reply = parse(result.json());
        reply.remove("timestamp");
        reply.remove("clientToken");
        // the HTTP API carries the document as a string (API reference, iot-jobs-data JobExecution)
        if (reply.get("execution") instanceof ObjectNode execution) {
            execution.put("thingName", thingName);
            documentAsText(execution);
        }
        documentAsText(reply);
        return reply;
    }

    private static void documentAsText(ObjectNode node) {
        JsonNode document = node.get("jobDocument");
        if (document != null && !document.isTextual()) {
            node.put("jobDocument", document.toString());
        }
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
