package io.iotjobs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the codec does with payloads it cannot decode: always a {@link JobsDecodeException} carrying the
 * topic, the payload as received, the field at fault (when there is one) and whether the payload is not JSON
 * at all.
 */
class JobsJsonDecodeFailureTest {

    private static final String TOPIC = "$aws/things/dev-42/jobs/fw-17/get/accepted";

    private static final List<Class<?>> REPLY_TYPES = List.of(
            GetPendingJobExecutionsResponse.class,
            StartNextJobExecutionResponse.class,
            DescribeJobExecutionResponse.class,
            UpdateJobExecutionResponse.class,
            RejectedError.class,
            JobExecutionsChangedEvent.class,
            NextJobExecutionChangedEvent.class);

    // ------------------------------------------------------------------------------------ malformed JSON

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"timestamp\":",
                "not json",
                "{'timestamp':1}",
                "{\"timestamp\":1,}",
                "{timestamp:1}",
                "}",
                "{\"timestamp\":01}",
                "{\"timestamp\":NaN}",
                // syntax errors met inside a value, while a field is being bound
                "{\"clientToken\":\"unterminated}",
                "{\"clientToken\":\"bad \\x escape\"}",
                "{\"timestamp\":1717000400,\"execution\":{\"jobId\":\"fw-1",
                "{\"execution\":{\"jobId\":\"a\",\"statusDetails\":{\"k\":\"v}}}"
            })
    void malformedJsonIsReportedAsSuch(String text) {
        byte[] payload = utf8(text);
        for (Class<?> type : REPLY_TYPES) {
            JobsDecodeException e = decodeFailure(payload, type);

            assertThat(e.isMalformedJson())
                    .as("%s as %s", text, type.getSimpleName())
                    .isTrue();
            assertThat(e.field()).isEmpty();
            assertThat(e.topic()).isEqualTo(TOPIC);
            assertThat(e.payload()).isEqualTo(payload);
        }
    }

    @Test
    void invalidUtf8IsMalformedJson() {
        byte[] payload = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};

        JobsDecodeException e = decodeFailure(payload, RejectedError.class);

        assertThat(e.isMalformedJson()).isTrue();
        assertThat(e.payload()).isEqualTo(payload);
    }

    @Test
    void malformedRequestIsMalformedJson() {
        byte[] payload = utf8("{\"clientToken\":");

        JobsDecodeException e = catchThrowableOfType(
                JobsDecodeException.class,
                () -> JobsJson.decodeRequest(
                        Operation.GET_PENDING, "$aws/things/dev-42/jobs/get", payload, "dev-42", null));

        assertThat(e).isNotNull();
        assertThat(e.isMalformedJson()).isTrue();
        assertThat(e.topic()).isEqualTo("$aws/things/dev-42/jobs/get");
        assertThat(e.payload()).isEqualTo(payload);
        assertThat(e.field()).isEmpty();
    }

    // ------------------------------------------------------------------------------ JSON of the wrong shape

    static Stream<Arguments> wrongShapes() {
        return Stream.of(
                Arguments.of(
                        "{\"execution\":{\"jobId\":\"fw-17\",\"versionNumber\":\"abc\"}}",
                        DescribeJobExecutionResponse.class,
                        "execution.versionNumber"),
                Arguments.of(
                        "{\"execution\":{\"jobId\":\"fw-17\",\"executionNumber\":[1]}}",
                        StartNextJobExecutionResponse.class,
                        "execution.executionNumber"),
                Arguments.of("{\"timestamp\":\"yesterday\"}", UpdateJobExecutionResponse.class, "timestamp"),
                Arguments.of("{\"timestamp\":true}", NextJobExecutionChangedEvent.class, "timestamp"),
                Arguments.of("{\"timestamp\":1e400}", NextJobExecutionChangedEvent.class, "timestamp"),
                Arguments.of("{\"timestamp\":99999999999999999999}", RejectedError.class, "timestamp"),
                Arguments.of("{\"inProgressJobs\":{}}", GetPendingJobExecutionsResponse.class, "inProgressJobs"),
                Arguments.of(
                        "{\"queuedJobs\":[{\"jobId\":\"cfg-3\",\"versionNumber\":\"one\"}]}",
                        GetPendingJobExecutionsResponse.class,
                        "queuedJobs[0].versionNumber"),
                Arguments.of("{\"jobs\":[]}", JobExecutionsChangedEvent.class, "jobs"),
                Arguments.of(
                        "{\"jobs\":{\"QUEUED\":[{\"jobId\":\"cfg-3\",\"queuedAt\":\"x\"}]}}",
                        JobExecutionsChangedEvent.class,
                        "jobs.QUEUED[0].queuedAt"),
                Arguments.of("{\"executionState\":\"IN_PROGRESS\"}", RejectedError.class, "executionState"),
                Arguments.of(
                        "{\"executionState\":{\"versionNumber\":\"v3\"}}",
                        UpdateJobExecutionResponse.class,
                        "executionState.versionNumber"),
                Arguments.of(
                        "{\"execution\":{\"jobId\":\"fw-17\",\"statusDetails\":{\"k\":{}}}}",
                        DescribeJobExecutionResponse.class,
                        "execution.statusDetails.k"),
                Arguments.of("{\"clientToken\":{\"a\":1}}", StartNextJobExecutionResponse.class, "clientToken"));
    }

    @ParameterizedTest
    @MethodSource("wrongShapes")
    void wrongTypesNameTheField(String text, Class<?> type, String field) {
        byte[] payload = utf8(text);

        JobsDecodeException e = decodeFailure(payload, type);

        assertThat(e.field()).contains(field);
        assertThat(e.isMalformedJson()).isFalse();
        assertThat(e.topic()).isEqualTo(TOPIC);
        assertThat(e.payload()).isEqualTo(payload);
        assertThat(e.getMessage()).contains(TOPIC, field, text);
    }

    @Test
    void missingJobIdInAnExecution() {
        byte[] payload = utf8("{\"timestamp\":1717000500,\"execution\":{\"status\":\"QUEUED\",\"versionNumber\":1}}");

        JobsDecodeException e = decodeFailure(payload, DescribeJobExecutionResponse.class);

        assertThat(e.field()).contains("execution.jobId");
        assertThat(e.isMalformedJson()).isFalse();
        assertThat(e.getMessage()).contains("required field missing");
    }

    @Test
    void missingJobIdInASummary() {
        byte[] payload = utf8("{\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"a\"},{\"versionNumber\":1}]}");

        JobsDecodeException e = decodeFailure(payload, GetPendingJobExecutionsResponse.class);

        assertThat(e.field()).contains("queuedJobs[1].jobId");
        assertThat(e.isMalformedJson()).isFalse();
    }

    @Test
    void missingStatusInAnUpdateRequest() {
        byte[] payload = utf8("{\"expectedVersion\":2}");

        JobsDecodeException e = catchThrowableOfType(
                JobsDecodeException.class,
                () -> JobsJson.decodeRequest(
                        Operation.UPDATE, "$aws/things/dev-42/jobs/fw-17/update", payload, "dev-42", "fw-17"));

        assertThat(e).isNotNull();
        assertThat(e.field()).contains("status");
        assertThat(e.isMalformedJson()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "true", "null"})
    void jobDocumentThatIsNotAnObject(String document) {
        byte[] execution = utf8("{\"execution\":{\"jobId\":\"fw-17\",\"jobDocument\":" + document + "}}");
        byte[] update = utf8("{\"jobDocument\":" + document + "}");

        if (document.equals("null")) {
            // JSON null is an absent document, not an error
            assertThat(JobsJson.decode(TOPIC, execution, StartNextJobExecutionResponse.class)
                            .execution()
                            .orElseThrow()
                            .jobDocument())
                    .isEmpty();
            assertThat(JobsJson.decode(TOPIC, update, UpdateJobExecutionResponse.class)
                            .jobDocument())
                    .isEmpty();
            return;
        }
        JobsDecodeException inExecution = decodeFailure(execution, StartNextJobExecutionResponse.class);
        assertThat(inExecution.field()).contains("execution.jobDocument");
        assertThat(inExecution.isMalformedJson()).isFalse();
        assertThat(inExecution.getMessage()).contains("jobDocument");

        JobsDecodeException topLevel = decodeFailure(update, UpdateJobExecutionResponse.class);
        assertThat(topLevel.field()).contains("jobDocument");
        assertThat(topLevel.isMalformedJson()).isFalse();
    }

    // ---------------------------------------------------------------------------- payloads that are not objects

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"clientToken\":\"c\"}]", "\"text\"", "42", "null", "true"})
    void requestPayloadThatIsNotAnObject(String text) {
        byte[] payload = utf8(text);
        for (Operation<?, ?> operation : Operation.all()) {
            String jobId = operation.hasJobId() ? "fw-17" : null;

            JobsDecodeException e = catchThrowableOfType(
                    JobsDecodeException.class,
                    () -> JobsJson.decodeRequest(operation, "$aws/things/dev-42/jobs/x", payload, "dev-42", jobId));

            assertThat(e).as("%s for %s", text, operation).isNotNull();
            assertThat(e.isMalformedJson()).isFalse();
            assertThat(e.field()).isEmpty();
            assertThat(e.topic()).isEqualTo("$aws/things/dev-42/jobs/x");
            assertThat(e.payload()).isEqualTo(payload);
            assertThat(e.getMessage()).contains("JSON object");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
    void replyPayloadThatIsNotAnObject(String text) {
        byte[] payload = utf8(text);
        for (Class<?> type : REPLY_TYPES) {
            JobsDecodeException e = decodeFailure(payload, type);

            assertThat(e.isMalformedJson())
                    .as("%s as %s", text, type.getSimpleName())
                    .isFalse();
            assertThat(e.field()).isEmpty();
            assertThat(e.payload()).isEqualTo(payload);
        }
    }

    // ----------------------------------------------------------------------------------- the exception itself

    @Test
    void payloadIsACopy() {
        byte[] payload = utf8("{\"timestamp\":\"soon\"}");

        JobsDecodeException e = decodeFailure(payload, NextJobExecutionChangedEvent.class);
        payload[0] = 'X';
        e.payload()[1] = 'Y';

        assertThat(e.payload()).isEqualTo(utf8("{\"timestamp\":\"soon\"}"));
    }

    @Test
    void messageShowsALongPayloadCut() {
        String text = "{\"message\":\"" + "x".repeat(1000) + "\",\"timestamp\":\"never\"}";

        JobsDecodeException e = decodeFailure(utf8(text), RejectedError.class);

        assertThat(e.payload()).hasSize(text.length());
        assertThat(e.getMessage())
                .contains(TOPIC, "timestamp", "(" + text.length() + " bytes)")
                .hasSizeLessThan(600);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Decoding must fail with exactly a JobsDecodeException, never any other exception. */
    private static JobsDecodeException decodeFailure(byte[] payload, Class<?> type) {
        Throwable thrown = catchThrowable(() -> JobsJson.decode(TOPIC, payload, type));
        assertThat(thrown)
                .as("decoding %s as %s", new String(payload, StandardCharsets.UTF_8), type.getSimpleName())
                .isExactlyInstanceOf(JobsDecodeException.class);
        return (JobsDecodeException) thrown;
    }
}
