package io.iotjobs.internal.testkit;

import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.RejectedError;
import java.nio.charset.StandardCharsets;

/**
 * The device operations for channels other than MQTT (the Jobs HTTP data plane): the same requests, checks and
 * state as the MQTT side, so a device may mix both. Thread-safe.
 */
public final class DataPlane {

    /**
     * The outcome of a request.
     *
     * @param accepted whether it was accepted
     * @param json the accepted reply or the {@link RejectedError}, as the MQTT payload would be
     * @param rejection the rejection's error code (its wire name), or {@code null}
     * @param message the rejection's message, or {@code null}
     */
    public record Result(boolean accepted, byte[] json, String rejection, String message) {}

    private final RequestProcessor processor;

    DataPlane(RequestProcessor processor) {
        this.processor = processor;
    }

    /**
     * Runs an operation.
     *
     * @param op the operation
     * @param thingName the thing (valid)
     * @param jobId the job id, or {@code null} for the operations without one
     * @param payload the request as JSON, as the MQTT payload would be
     * @param <Q> the request type
     * @return the result
     */
    public <Q extends JobsRequest> Result run(Operation<Q, ?> op, String thingName, String jobId, String payload) {
        Reply reply = processor.request(op, thingName, jobId, payload.getBytes(StandardCharsets.UTF_8));
        if (reply.isAccepted()) {
            return new Result(true, JobsJson.encode(reply.acceptedBody()), null, null);
        }
        RejectedError error = RejectedError.builder()
                .code(reply.code())
                .message(reply.message())
                .executionState(reply.executionState())
                .build();
        return new Result(false, JobsJson.encode(error), reply.code().wireName(), reply.message());
    }
}
