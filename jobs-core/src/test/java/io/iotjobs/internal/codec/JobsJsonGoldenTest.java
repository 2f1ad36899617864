package io.iotjobs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden files: every sample payload of the protocol reference (section 8) and the lenient variants the
 * codec must accept, decoded field by field and encoded back.
 *
 * <p>Strict fixtures must encode back to the same JSON tree. Fixtures that are deliberately lenient (string
 * numbers, fractional timestamps, unknown fields, topic parameters in a request payload) are compared with
 * the strict form the codec writes instead; each such test says so.
 */
class JobsJsonGoldenTest {

    private static final String THING = "dev-42";
    private static final String BASE = "$aws/things/dev-42/jobs/";

    /** Reads numbers exactly (BigDecimal, trailing zeros kept) so that the comparison loses nothing. */
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final JobDocument FW_DOCUMENT =
            JobDocument.parse("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\"}");

    // ----------------------------------------------------------------------------------------- 8.1

    @Nested
    class GetPending {
        @Test
        void request() {
            byte[] fixture = fixture("get-pending-request.json");
            GetPendingJobExecutionsRequest request =
                    JobsJson.decodeRequest(Operation.GET_PENDING, BASE + "get", fixture, THING, null);

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.clientToken()).isEqualTo(Optional.of("c0ffee01"));

            assertRequestRoundTrip(Operation.GET_PENDING, request, fixture, null);
        }

        @Test
        void emptyRequestPayloadIsAnEmptyObject() {
            byte[] fixture = fixture("get-pending-request-empty.json");
            assertThat(fixture).isEmpty();

            GetPendingJobExecutionsRequest request =
                    JobsJson.decodeRequest(Operation.GET_PENDING, BASE + "get", fixture, THING, null);

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.clientToken()).isEmpty();
            // 0 bytes are read as {}; the strict form written back is {}
            assertEncodesTo(request, "{}");
        }

        @Test
        void accepted() {
            byte[] fixture = fixture("get-pending-accepted.json");
            GetPendingJobExecutionsResponse response =
                    JobsJson.decode(BASE + "get/accepted", fixture, GetPendingJobExecutionsResponse.class);

            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000400)));
            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee01"));
            assertThat(response.inProgressJobs()).hasSize(1);
            JobExecutionSummary inProgress = response.inProgressJobs().get(0);
            assertThat(inProgress.jobId()).isEqualTo("fw-17");
            assertThat(inProgress.thingName()).isEmpty();
            assertThat(inProgress.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000)));
            assertThat(inProgress.startedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(inProgress.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(inProgress.versionNumber()).isEqualTo(OptionalLong.of(2));
            assertThat(inProgress.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(response.queuedJobs()).hasSize(1);
            JobExecutionSummary queued = response.queuedJobs().get(0);
            assertThat(queued.jobId()).isEqualTo("cfg-3");
            assertThat(queued.thingName()).isEmpty();
            assertThat(queued.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000100)));
            assertThat(queued.startedAt()).isEmpty();
            assertThat(queued.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000100)));
            assertThat(queued.versionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(queued.executionNumber()).isEqualTo(OptionalLong.of(1));

            assertRoundTrip(response, fixture, GetPendingJobExecutionsResponse.class);
        }

        @Test
        void acceptedWithNothingPendingAndNoToken() {
            byte[] fixture = fixture("get-pending-accepted-empty.json");
            GetPendingJobExecutionsResponse response =
                    JobsJson.decode(BASE + "get/accepted", fixture, GetPendingJobExecutionsResponse.class);

            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000400)));
            assertThat(response.clientToken()).isEmpty();
            assertThat(response.inProgressJobs()).isEmpty();
            assertThat(response.queuedJobs()).isEmpty();

            assertRoundTrip(response, fixture, GetPendingJobExecutionsResponse.class);
        }

        @Test
        void acceptedAlwaysWritesBothListsEvenWhenEmpty() {
            JsonNode written =
                    encodedTree(GetPendingJobExecutionsResponse.builder().build());

            assertThat(written).isEqualTo(tree("{\"inProgressJobs\":[],\"queuedJobs\":[]}"));
            assertThat(written.get("inProgressJobs").isArray()).isTrue();
            assertThat(written.get("queuedJobs").isArray()).isTrue();
        }
    }

    // ----------------------------------------------------------------------------------------- 8.2

    @Nested
    class StartNext {
        @Test
        void request() {
            byte[] fixture = fixture("start-next-request.json");
            StartNextPendingJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.START_NEXT, BASE + "start-next", fixture, THING, null);

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.statusDetails()).isEqualTo(Optional.of(Map.of("step", "download")));
            assertThat(request.stepTimeoutInMinutes()).isEqualTo(OptionalLong.of(30));
            assertThat(request.clientToken()).isEqualTo(Optional.of("c0ffee02"));

            assertRequestRoundTrip(Operation.START_NEXT, request, fixture, null);
        }

        @Test
        void requestWithoutToken() {
            byte[] fixture = fixture("start-next-request-no-token.json");
            StartNextPendingJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.START_NEXT, BASE + "start-next", fixture, THING, null);

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.statusDetails()).isEmpty();
            assertThat(request.stepTimeoutInMinutes()).isEqualTo(OptionalLong.of(10080));
            assertThat(request.clientToken()).isEmpty();

            assertRequestRoundTrip(Operation.START_NEXT, request, fixture, null);
        }

        @Test
        void accepted() {
            byte[] fixture = fixture("start-next-accepted.json");
            StartNextJobExecutionResponse response =
                    JobsJson.decode(BASE + "start-next/accepted", fixture, StartNextJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee02"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(response.execution()).isPresent();
            JobExecutionData execution = response.execution().get();
            assertThat(execution.jobId()).isEqualTo("fw-17");
            assertThat(execution.thingName()).isEmpty();
            assertThat(execution.jobDocument()).isEqualTo(Optional.of(FW_DOCUMENT));
            assertThat(execution.jobDocument().get().getString("url")).isEqualTo(Optional.of("https://example/fw.bin"));
            assertThat(execution.rawStatus()).isEqualTo(Optional.of("IN_PROGRESS"));
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.IN_PROGRESS));
            assertThat(execution.statusDetails()).isEqualTo(Optional.of(Map.of("step", "download")));
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000)));
            assertThat(execution.startedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(execution.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(2));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.approximateSecondsBeforeTimedOut()).isEmpty();

            assertRoundTrip(response, fixture, StartNextJobExecutionResponse.class);
        }

        @Test
        void acceptedWithNothingPending() {
            byte[] fixture = fixture("start-next-accepted-nothing-pending.json");
            StartNextJobExecutionResponse response =
                    JobsJson.decode(BASE + "start-next/accepted", fixture, StartNextJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee02"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(response.execution()).isEmpty();

            assertRoundTrip(response, fixture, StartNextJobExecutionResponse.class);
        }

        @Test
        void jobDocumentKeepsEveryValueExactly() {
            byte[] fixture = fixture("start-next-accepted-exact-document.json");
            StartNextJobExecutionResponse response =
                    JobsJson.decode(BASE + "start-next/accepted", fixture, StartNextJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee09"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717002000)));
            JobExecutionData execution = response.execution().orElseThrow();
            assertThat(execution.jobId()).isEqualTo("cfg-4");
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.IN_PROGRESS));
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001900)));
            assertThat(execution.startedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717002000)));
            assertThat(execution.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717002000)));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(2));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(1));

            Map<String, Object> document = execution.jobDocument().orElseThrow().asMap();
            assertThat(document)
                    .containsOnlyKeys(
                            "maxLong", "minLong", "beyondLong", "version", "pi", "matrix", "comment", "flags");
            assertThat(document.get("maxLong")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
            assertThat(document.get("minLong")).isInstanceOf(Long.class).isEqualTo(Long.MIN_VALUE);
            assertThat(document.get("beyondLong")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            // BigDecimal.equals compares the scale too: 1.10 is not 1.1
            assertThat(document.get("version")).isEqualTo(new BigDecimal("1.10"));
            assertThat(document.get("pi")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
            assertThat(document.get("matrix")).isEqualTo(List.of(List.of(1, 2), List.of(3, List.of(4, 5)), List.of()));
            assertThat(document).containsEntry("comment", null);
            assertThat(document.get("flags"))
                    .isEqualTo(Map.of("dryRun", false, "targets", Arrays.asList("a", null, 7)));

            assertRoundTrip(response, fixture, StartNextJobExecutionResponse.class);
            String written = new String(JobsJson.encode(response), StandardCharsets.UTF_8);
            assertThat(written)
                    .contains(
                            "\"maxLong\":9223372036854775807",
                            "\"minLong\":-9223372036854775808",
                            "\"beyondLong\":123456789012345678901234567890",
                            "\"version\":1.10",
                            "\"pi\":3.14159265358979323846264338327950288",
                            "\"matrix\":[[1,2],[3,[4,5]],[]]",
                            "\"comment\":null",
                            "\"targets\":[\"a\",null,7]");
        }
    }

    // ----------------------------------------------------------------------------------------- 8.3

    @Nested
    class Describe {
        @Test
        void request() {
            byte[] fixture = fixture("describe-request.json");
            DescribeJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.DESCRIBE, BASE + "fw-17/get", fixture, THING, "fw-17");

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.jobId()).isEqualTo("fw-17");
            assertThat(request.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(request.includeJobDocument()).isEqualTo(Optional.of(true));
            assertThat(request.clientToken()).isEqualTo(Optional.of("c0ffee03"));

            assertRequestRoundTrip(Operation.DESCRIBE, request, fixture, "fw-17");
        }

        @Test
        void emptyRequestPayloadForNext() {
            byte[] fixture = fixture("describe-request-empty.json");
            assertThat(fixture).isEmpty();

            DescribeJobExecutionRequest request = JobsJson.decodeRequest(
                    Operation.DESCRIBE, BASE + "$next/get", fixture, THING, DescribeJobExecutionRequest.NEXT);

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.jobId()).isEqualTo("$next");
            assertThat(request.executionNumber()).isEmpty();
            assertThat(request.includeJobDocument()).isEmpty();
            assertThat(request.clientToken()).isEmpty();
            // 0 bytes are read as {}; the strict form written back is {}
            assertEncodesTo(request, "{}");
        }

        @Test
        void accepted() {
            byte[] fixture = fixture("describe-accepted.json");
            DescribeJobExecutionResponse response =
                    JobsJson.decode(BASE + "fw-17/get/accepted", fixture, DescribeJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee03"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000500)));
            JobExecutionData execution = response.execution().orElseThrow();
            assertThat(execution.jobId()).isEqualTo("fw-17");
            assertThat(execution.thingName()).isEmpty();
            assertThat(execution.rawStatus()).isEqualTo(Optional.of("IN_PROGRESS"));
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.IN_PROGRESS));
            assertThat(execution.statusDetails()).isEqualTo(Optional.of(Map.of("step", "download")));
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000)));
            assertThat(execution.startedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(execution.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(execution.approximateSecondsBeforeTimedOut()).isEqualTo(OptionalLong.of(1500));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(2));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.jobDocument()).isEqualTo(Optional.of(FW_DOCUMENT));

            assertRoundTrip(response, fixture, DescribeJobExecutionResponse.class);
        }

        @Test
        void acceptedForNextWithNothingPending() {
            byte[] fixture = fixture("describe-accepted-next-empty.json");
            DescribeJobExecutionResponse response =
                    JobsJson.decode(BASE + "$next/get/accepted", fixture, DescribeJobExecutionResponse.class);

            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000500)));
            assertThat(response.clientToken()).isEmpty();
            assertThat(response.execution()).isEmpty();

            assertRoundTrip(response, fixture, DescribeJobExecutionResponse.class);
        }

        @Test
        void rejectedResourceNotFound() {
            byte[] fixture = fixture("describe-rejected-resource-not-found.json");
            RejectedError error = JobsJson.decode(BASE + "fw-17/get/rejected", fixture, RejectedError.class);

            assertThat(error.rawCode()).isEqualTo(Optional.of("ResourceNotFound"));
            assertThat(error.code()).isEqualTo(RejectedErrorCode.RESOURCE_NOT_FOUND);
            assertThat(error.message()).isEqualTo(Optional.of("Job execution fw-17 of thing dev-42 was not found"));
            assertThat(error.clientToken()).isEqualTo(Optional.of("c0ffee03"));
            assertThat(error.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000500)));
            assertThat(error.executionState()).isEmpty();

            assertRoundTrip(error, fixture, RejectedError.class);
        }

        @Test
        void unknownFieldsAreIgnored() {
            byte[] fixture = fixture("describe-accepted-unknown-fields.json");
            DescribeJobExecutionResponse response =
                    JobsJson.decode(BASE + "fw-17/get/accepted", fixture, DescribeJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee03"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000500)));
            JobExecutionData execution = response.execution().orElseThrow();
            assertThat(execution.jobId()).isEqualTo("fw-17");
            assertThat(execution.thingName()).isEqualTo(Optional.of("dev-42"));
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.QUEUED));
            assertThat(execution.statusDetails()).isEmpty();
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000)));
            assertThat(execution.startedAt()).isEmpty();
            assertThat(execution.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000)));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.approximateSecondsBeforeTimedOut()).isEmpty();
            assertThat(execution.jobDocument())
                    .isEqualTo(Optional.of(JobDocument.parse("{\"operation\":\"install\"}")));

            // lenient input: the unknown fields (serviceRegion, futureFlags, retryAttempt, schedulingConfig)
            // are dropped, so the strict form is compared instead of the fixture
            assertEncodesTo(
                    response,
                    "{\"clientToken\":\"c0ffee03\",\"timestamp\":1717000500,\"execution\":{"
                            + "\"jobId\":\"fw-17\",\"thingName\":\"dev-42\",\"status\":\"QUEUED\",\"queuedAt\":1717000000,"
                            + "\"lastUpdatedAt\":1717000000,\"versionNumber\":1,\"executionNumber\":1,"
                            + "\"jobDocument\":{\"operation\":\"install\"}}}");
        }

        @Test
        void fractionalTimestampsAreRead() {
            byte[] fixture = fixture("describe-accepted-fractional-timestamps.json");
            DescribeJobExecutionResponse response =
                    JobsJson.decode(BASE + "fw-17/get/accepted", fixture, DescribeJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee03"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000500, 750_000_000)));
            JobExecutionData execution = response.execution().orElseThrow();
            assertThat(execution.jobId()).isEqualTo("fw-17");
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.IN_PROGRESS));
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000, 500_000_000)));
            assertThat(execution.startedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300, 1_000_000)));
            assertThat(execution.lastUpdatedAt())
                    .isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300, 999_999_999)));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(2));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(1));

            // lenient input: timestamps are written as integer epoch seconds (the fraction is dropped), so the
            // strict form is compared instead of the fixture
            assertEncodesTo(
                    response,
                    "{\"clientToken\":\"c0ffee03\",\"timestamp\":1717000500,\"execution\":{"
                            + "\"jobId\":\"fw-17\",\"status\":\"IN_PROGRESS\",\"queuedAt\":1717000000,"
                            + "\"startedAt\":1717000300,\"lastUpdatedAt\":1717000300,\"versionNumber\":2,"
                            + "\"executionNumber\":1}}");
        }
    }

    // ----------------------------------------------------------------------------------------- 8.4

    @Nested
    class Update {
        @Test
        void request() {
            byte[] fixture = fixture("update-request.json");
            UpdateJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.UPDATE, BASE + "fw-17/update", fixture, THING, "fw-17");

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.jobId()).isEqualTo("fw-17");
            assertThat(request.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(request.statusDetails()).isEqualTo(Optional.of(Map.of("progress", "50%")));
            assertThat(request.expectedVersion()).isEqualTo(OptionalLong.of(2));
            assertThat(request.stepTimeoutInMinutes()).isEqualTo(OptionalLong.of(15));
            assertThat(request.includeJobExecutionState()).isEqualTo(Optional.of(true));
            assertThat(request.includeJobDocument()).isEmpty();
            assertThat(request.executionNumber()).isEmpty();
            assertThat(request.clientToken()).isEqualTo(Optional.of("c0ffee04"));

            assertRequestRoundTrip(Operation.UPDATE, request, fixture, "fw-17");
        }

        @Test
        void requestWithoutToken() {
            byte[] fixture = fixture("update-request-no-token.json");
            UpdateJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.UPDATE, BASE + "fw-17/update", fixture, THING, "fw-17");

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.jobId()).isEqualTo("fw-17");
            assertThat(request.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(request.statusDetails()).isEqualTo(Optional.of(Map.of("progress", "100%")));
            assertThat(request.expectedVersion()).isEmpty();
            assertThat(request.stepTimeoutInMinutes()).isEmpty();
            assertThat(request.includeJobExecutionState()).isEmpty();
            assertThat(request.includeJobDocument()).isEmpty();
            assertThat(request.executionNumber()).isEmpty();
            assertThat(request.clientToken()).isEmpty();

            assertRequestRoundTrip(Operation.UPDATE, request, fixture, "fw-17");
        }

        @Test
        void requestWithExpectedVersionAsString() {
            byte[] fixture = fixture("update-request-string-expected-version.json");
            UpdateJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.UPDATE, BASE + "fw-17/update", fixture, THING, "fw-17");

            assertThat(request.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(request.expectedVersion()).isEqualTo(OptionalLong.of(2));
            assertThat(request.clientToken()).isEqualTo(Optional.of("c0ffee06"));

            // lenient input: "2" is read as the number 2 and written back as a number (strict form)
            assertEncodesTo(request, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":2,\"clientToken\":\"c0ffee06\"}");
        }

        @Test
        void requestWithTopicParametersInThePayload() {
            byte[] fixture = fixture("update-request-with-topic-parameters.json");
            UpdateJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.UPDATE, BASE + "fw-17/update", fixture, THING, "fw-17");

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.jobId()).isEqualTo("fw-17");
            assertThat(request.status()).isEqualTo(JobStatus.FAILED);
            assertThat(request.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(request.includeJobDocument()).isEqualTo(Optional.of(false));
            assertThat(request.clientToken()).isEqualTo(Optional.of("c0ffee08"));

            // lenient input: thingName and jobId in the payload are tolerated but never written (strict form)
            assertEncodesTo(
                    request,
                    "{\"status\":\"FAILED\",\"executionNumber\":1,\"includeJobDocument\":false,"
                            + "\"clientToken\":\"c0ffee08\"}");
        }

        @Test
        void topicParametersWinOverThoseInThePayload() {
            byte[] payload = utf8("{\"thingName\":\"other-thing\",\"jobId\":\"other-job\",\"status\":\"REJECTED\"}");

            UpdateJobExecutionRequest request =
                    JobsJson.decodeRequest(Operation.UPDATE, BASE + "fw-17/update", payload, THING, "fw-17");

            assertThat(request.thingName()).isEqualTo(THING);
            assertThat(request.jobId()).isEqualTo("fw-17");
            assertThat(request.status()).isEqualTo(JobStatus.REJECTED);
        }

        @Test
        void acceptedMinimal() {
            byte[] fixture = fixture("update-accepted-minimal.json");
            UpdateJobExecutionResponse response =
                    JobsJson.decode(BASE + "fw-17/update/accepted", fixture, UpdateJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee04"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000600)));
            assertThat(response.executionState()).isEmpty();
            assertThat(response.jobDocument()).isEmpty();

            assertRoundTrip(response, fixture, UpdateJobExecutionResponse.class);
        }

        @Test
        void acceptedWithoutToken() {
            byte[] fixture = fixture("update-accepted-no-token.json");
            UpdateJobExecutionResponse response =
                    JobsJson.decode(BASE + "fw-17/update/accepted", fixture, UpdateJobExecutionResponse.class);

            assertThat(response.clientToken()).isEmpty();
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000600)));
            assertThat(response.executionState()).isEmpty();
            assertThat(response.jobDocument()).isEmpty();

            assertRoundTrip(response, fixture, UpdateJobExecutionResponse.class);
        }

        @Test
        void acceptedWithStateAndDocument() {
            byte[] fixture = fixture("update-accepted-with-state-and-document.json");
            UpdateJobExecutionResponse response =
                    JobsJson.decode(BASE + "fw-17/update/accepted", fixture, UpdateJobExecutionResponse.class);

            assertThat(response.clientToken()).isEqualTo(Optional.of("c0ffee04"));
            assertThat(response.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000600)));
            JobExecutionState state = response.executionState().orElseThrow();
            assertThat(state.rawStatus()).isEqualTo(Optional.of("IN_PROGRESS"));
            assertThat(state.status()).isEqualTo(Optional.of(JobStatus.IN_PROGRESS));
            assertThat(state.statusDetails()).isEqualTo(Optional.of(Map.of("progress", "50%")));
            assertThat(state.versionNumber()).isEqualTo(OptionalLong.of(3));
            assertThat(response.jobDocument()).isEqualTo(Optional.of(FW_DOCUMENT));

            assertRoundTrip(response, fixture, UpdateJobExecutionResponse.class);
        }

        @Test
        void rejectedVersionMismatchCarriesExecutionState() {
            byte[] fixture = fixture("update-rejected-version-mismatch.json");
            RejectedError error = JobsJson.decode(BASE + "fw-17/update/rejected", fixture, RejectedError.class);

            assertThat(error.rawCode()).isEqualTo(Optional.of("VersionMismatch"));
            assertThat(error.code()).isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
            assertThat(error.message())
                    .isEqualTo(Optional.of("Expected version 2 does not match the current version 3"));
            assertThat(error.clientToken()).isEqualTo(Optional.of("c0ffee04"));
            assertThat(error.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000600)));
            JobExecutionState state = error.executionState().orElseThrow();
            assertThat(state.status()).isEqualTo(Optional.of(JobStatus.IN_PROGRESS));
            assertThat(state.statusDetails()).isEqualTo(Optional.of(Map.of("progress", "50%")));
            assertThat(state.versionNumber()).isEqualTo(OptionalLong.of(3));

            assertRoundTrip(error, fixture, RejectedError.class);
        }

        @Test
        void rejectedInvalidStateTransitionCarriesExecutionState() {
            byte[] fixture = fixture("update-rejected-invalid-state-transition.json");
            RejectedError error = JobsJson.decode(BASE + "fw-17/update/rejected", fixture, RejectedError.class);

            assertThat(error.rawCode()).isEqualTo(Optional.of("InvalidStateTransition"));
            assertThat(error.code()).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);
            assertThat(error.message())
                    .isEqualTo(Optional.of("Job execution fw-17 is already in the terminal state SUCCEEDED"));
            assertThat(error.clientToken()).isEqualTo(Optional.of("c0ffee05"));
            assertThat(error.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000700)));
            JobExecutionState state = error.executionState().orElseThrow();
            assertThat(state.rawStatus()).isEqualTo(Optional.of("SUCCEEDED"));
            assertThat(state.status()).isEqualTo(Optional.of(JobStatus.SUCCEEDED));
            assertThat(state.statusDetails()).isEqualTo(Optional.of(Map.of("progress", "100%")));
            assertThat(state.versionNumber()).isEqualTo(OptionalLong.of(4));

            assertRoundTrip(error, fixture, RejectedError.class);
        }
    }

    // ------------------------------------------------------------------------------------- rejections

    @Nested
    class Rejections {
        @Test
        void rejectedWithoutToken() {
            byte[] fixture = fixture("rejected-invalid-json-no-token.json");
            RejectedError error = JobsJson.decode(BASE + "get/rejected", fixture, RejectedError.class);

            assertThat(error.code()).isEqualTo(RejectedErrorCode.INVALID_JSON);
            assertThat(error.rawCode()).isEqualTo(Optional.of("InvalidJson"));
            assertThat(error.message()).isEqualTo(Optional.of("The payload could not be parsed as JSON"));
            assertThat(error.clientToken()).isEmpty();
            assertThat(error.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000650)));
            assertThat(error.executionState()).isEmpty();

            assertRoundTrip(error, fixture, RejectedError.class);
        }

        @Test
        void unknownCodeIsKeptRaw() {
            byte[] fixture = fixture("rejected-unknown-code.json");
            RejectedError error = JobsJson.decode(BASE + "start-next/rejected", fixture, RejectedError.class);

            assertThat(error.code()).isEqualTo(RejectedErrorCode.UNKNOWN);
            assertThat(error.rawCode()).isEqualTo(Optional.of("QuotaExceeded"));
            assertThat(error.message()).isEqualTo(Optional.of("Too many executions for this thing"));
            assertThat(error.clientToken()).isEqualTo(Optional.of("c0ffee07"));
            assertThat(error.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000750)));
            assertThat(error.executionState()).isEmpty();

            // the raw spelling is written back unchanged
            assertRoundTrip(error, fixture, RejectedError.class);
        }
    }

    // ------------------------------------------------------------------------------------- 8.5, 8.6

    @Nested
    class Events {
        @Test
        void notifyWithPendingExecutions() {
            byte[] fixture = fixture("notify.json");
            JobExecutionsChangedEvent event =
                    JobsJson.decode(BASE + "notify", fixture, JobExecutionsChangedEvent.class);

            assertThat(event.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000800)));
            assertThat(event.jobs()).containsOnlyKeys(JobStatus.IN_PROGRESS, JobStatus.QUEUED);
            assertThat(event.inProgress())
                    .isEqualTo(event.jobs().get(JobStatus.IN_PROGRESS))
                    .hasSize(1);
            JobExecutionSummary inProgress = event.inProgress().get(0);
            assertThat(inProgress.jobId()).isEqualTo("fw-17");
            assertThat(inProgress.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000000)));
            assertThat(inProgress.startedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000300)));
            assertThat(inProgress.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000600)));
            assertThat(inProgress.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(inProgress.versionNumber()).isEqualTo(OptionalLong.of(3));
            assertThat(event.queued())
                    .isEqualTo(event.jobs().get(JobStatus.QUEUED))
                    .hasSize(1);
            JobExecutionSummary queued = event.queued().get(0);
            assertThat(queued.jobId()).isEqualTo("cfg-3");
            assertThat(queued.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000100)));
            assertThat(queued.startedAt()).isEmpty();
            assertThat(queued.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000100)));
            assertThat(queued.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(queued.versionNumber()).isEqualTo(OptionalLong.of(1));

            assertRoundTrip(event, fixture, JobExecutionsChangedEvent.class);
        }

        @Test
        void notifyWithNothingPending() {
            byte[] fixture = fixture("notify-empty.json");
            JobExecutionsChangedEvent event =
                    JobsJson.decode(BASE + "notify", fixture, JobExecutionsChangedEvent.class);

            assertThat(event.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000900)));
            assertThat(event.jobs()).isEmpty();
            assertThat(event.inProgress()).isEmpty();
            assertThat(event.queued()).isEmpty();

            assertRoundTrip(event, fixture, JobExecutionsChangedEvent.class);
        }

        @Test
        void notifyAlwaysWritesTheJobsObject() {
            JsonNode written = encodedTree(JobExecutionsChangedEvent.builder()
                    .timestamp(Instant.ofEpochSecond(1717000900))
                    .build());

            assertThat(written).isEqualTo(tree("{\"timestamp\":1717000900,\"jobs\":{}}"));
            assertThat(written.get("jobs").isObject()).isTrue();
        }

        @Test
        void notifyWithAnUnknownStatusKey() {
            byte[] fixture = fixture("notify-unknown-status-key.json");
            JobExecutionsChangedEvent event =
                    JobsJson.decode(BASE + "notify", fixture, JobExecutionsChangedEvent.class);

            assertThat(event.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001200)));
            assertThat(event.jobs()).containsOnlyKeys(JobStatus.QUEUED, JobStatus.UNKNOWN);
            assertThat(event.queued()).extracting(JobExecutionSummary::jobId).containsExactly("cfg-3");
            JobExecutionSummary unknown = event.jobs().get(JobStatus.UNKNOWN).get(0);
            assertThat(unknown.jobId()).isEqualTo("later-1");
            assertThat(unknown.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001150)));
            assertThat(unknown.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001150)));
            assertThat(unknown.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(unknown.versionNumber()).isEqualTo(OptionalLong.of(1));

            // lenient input: the map is keyed by JobStatus, so an unknown key comes back as UNKNOWN (strict form)
            assertEncodesTo(
                    event,
                    "{\"timestamp\":1717001200,\"jobs\":{"
                            + "\"QUEUED\":[{\"jobId\":\"cfg-3\",\"queuedAt\":1717000100,\"lastUpdatedAt\":1717000100,"
                            + "\"executionNumber\":1,\"versionNumber\":1}],"
                            + "\"UNKNOWN\":[{\"jobId\":\"later-1\",\"queuedAt\":1717001150,\"lastUpdatedAt\":1717001150,"
                            + "\"executionNumber\":1,\"versionNumber\":1}]}}");
        }

        @Test
        void notifyNextWithAnExecution() {
            byte[] fixture = fixture("notify-next.json");
            NextJobExecutionChangedEvent event =
                    JobsJson.decode(BASE + "notify-next", fixture, NextJobExecutionChangedEvent.class);

            assertThat(event.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000900)));
            JobExecutionData execution = event.execution().orElseThrow();
            assertThat(execution.jobId()).isEqualTo("cfg-3");
            assertThat(execution.thingName()).isEmpty();
            assertThat(execution.rawStatus()).isEqualTo(Optional.of("QUEUED"));
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.QUEUED));
            assertThat(execution.statusDetails()).isEmpty();
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000100)));
            assertThat(execution.startedAt()).isEmpty();
            assertThat(execution.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717000100)));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.approximateSecondsBeforeTimedOut()).isEmpty();
            assertThat(execution.jobDocument())
                    .isEqualTo(Optional.of(JobDocument.parse("{\"operation\":\"set-config\",\"level\":\"debug\"}")));

            assertRoundTrip(event, fixture, NextJobExecutionChangedEvent.class);
        }

        @Test
        void notifyNextWithNothingPending() {
            byte[] fixture = fixture("notify-next-empty.json");
            NextJobExecutionChangedEvent event =
                    JobsJson.decode(BASE + "notify-next", fixture, NextJobExecutionChangedEvent.class);

            assertThat(event.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001000)));
            assertThat(event.execution()).isEmpty();

            assertRoundTrip(event, fixture, NextJobExecutionChangedEvent.class);
        }

        @Test
        void notifyNextWithAnUnknownStatusKeepsTheRawStatus() {
            byte[] fixture = fixture("notify-next-unknown-status.json");
            NextJobExecutionChangedEvent event =
                    JobsJson.decode(BASE + "notify-next", fixture, NextJobExecutionChangedEvent.class);

            assertThat(event.timestamp()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001100)));
            JobExecutionData execution = event.execution().orElseThrow();
            assertThat(execution.jobId()).isEqualTo("fw-18");
            assertThat(execution.rawStatus()).isEqualTo(Optional.of("PAUSED"));
            assertThat(execution.status()).isEqualTo(Optional.of(JobStatus.UNKNOWN));
            assertThat(execution.queuedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001000)));
            assertThat(execution.lastUpdatedAt()).isEqualTo(Optional.of(Instant.ofEpochSecond(1717001050)));
            assertThat(execution.versionNumber()).isEqualTo(OptionalLong.of(1));
            assertThat(execution.executionNumber()).isEqualTo(OptionalLong.of(2));
            assertThat(execution.jobDocument()).isEqualTo(Optional.of(JobDocument.parse("{\"operation\":\"reboot\"}")));

            // the raw spelling is written back unchanged
            assertRoundTrip(event, fixture, NextJobExecutionChangedEvent.class);
        }
    }

    // ----------------------------------------------------------------------------------- strict writer

    @Nested
    class Writer {
        @Test
        void requestsNeverCarryTheTopicParameters() {
            List<Object> requests = List.of(
                    GetPendingJobExecutionsRequest.builder()
                            .thingName(THING)
                            .clientToken("t1")
                            .build(),
                    StartNextPendingJobExecutionRequest.builder()
                            .thingName(THING)
                            .clientToken("t2")
                            .statusDetails(Map.of("step", "one"))
                            .stepTimeoutInMinutes(5)
                            .build(),
                    DescribeJobExecutionRequest.builder()
                            .thingName(THING)
                            .jobId("fw-17")
                            .clientToken("t3")
                            .executionNumber(2)
                            .includeJobDocument(false)
                            .build(),
                    DescribeJobExecutionRequest.builder()
                            .thingName(THING)
                            .jobId("$next")
                            .build(),
                    UpdateJobExecutionRequest.builder()
                            .thingName(THING)
                            .jobId("fw-17")
                            .status(JobStatus.SUCCEEDED)
                            .statusDetails(Map.of("k", "v"))
                            .expectedVersion(3)
                            .executionNumber(1)
                            .stepTimeoutInMinutes(-1)
                            .includeJobDocument(true)
                            .includeJobExecutionState(true)
                            .clientToken("t4")
                            .build());

            for (Object request : requests) {
                JsonNode written = encodedTree(request);
                assertThat(written.has("thingName"))
                        .as("thingName in %s", written)
                        .isFalse();
                assertThat(written.has("jobId")).as("jobId in %s", written).isFalse();
                assertThat(written.toString()).doesNotContain(THING, "fw-17", "$next");
            }
        }

        @Test
        void fullUpdateRequestIsWrittenWithEveryField() {
            UpdateJobExecutionRequest request = UpdateJobExecutionRequest.builder()
                    .thingName(THING)
                    .jobId("fw-17")
                    .status(JobStatus.SUCCEEDED)
                    .statusDetails(Map.of("k", "v"))
                    .expectedVersion(3)
                    .executionNumber(1)
                    .stepTimeoutInMinutes(-1)
                    .includeJobDocument(true)
                    .includeJobExecutionState(false)
                    .clientToken("t4")
                    .build();

            assertEncodesTo(
                    request,
                    "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"k\":\"v\"},"
                            + "\"stepTimeoutInMinutes\":-1,\"expectedVersion\":3,\"executionNumber\":1,"
                            + "\"includeJobExecutionState\":false,\"includeJobDocument\":true,\"clientToken\":\"t4\"}");
        }

        @Test
        void absentValuesAreOmitted() {
            assertEncodesTo(
                    GetPendingJobExecutionsRequest.builder().thingName(THING).build(), "{}");
            assertEncodesTo(
                    StartNextPendingJobExecutionRequest.builder()
                            .thingName(THING)
                            .build(),
                    "{}");
            assertEncodesTo(
                    DescribeJobExecutionRequest.builder()
                            .thingName(THING)
                            .jobId("fw-17")
                            .build(),
                    "{}");
            assertEncodesTo(
                    UpdateJobExecutionRequest.builder()
                            .thingName(THING)
                            .jobId("fw-17")
                            .status(JobStatus.IN_PROGRESS)
                            .build(),
                    "{\"status\":\"IN_PROGRESS\"}");
            assertEncodesTo(StartNextJobExecutionResponse.builder().build(), "{}");
            assertEncodesTo(DescribeJobExecutionResponse.builder().build(), "{}");
            assertEncodesTo(UpdateJobExecutionResponse.builder().build(), "{}");
            assertEncodesTo(NextJobExecutionChangedEvent.builder().build(), "{}");
            assertEncodesTo(RejectedError.builder().build(), "{}");
            assertEncodesTo(JobExecutionState.builder().build(), "{}");
            assertEncodesTo(JobExecutionData.builder().jobId("fw-17").build(), "{\"jobId\":\"fw-17\"}");
            assertEncodesTo(JobExecutionSummary.builder().jobId("fw-17").build(), "{\"jobId\":\"fw-17\"}");
        }

        @Test
        void timestampsAreWrittenAsIntegerEpochSeconds() {
            JsonNode written = encodedTree(NextJobExecutionChangedEvent.builder()
                    .timestamp(Instant.ofEpochSecond(1717000900, 999_000_000))
                    .build());

            assertThat(written.get("timestamp").isIntegralNumber()).isTrue();
            assertThat(written.get("timestamp").longValue()).isEqualTo(1717000900L);
        }

        @Test
        void codesAndStatusesAreWrittenWithTheirWireSpelling() {
            assertEncodesTo(
                    RejectedError.builder()
                            .code(RejectedErrorCode.REQUEST_THROTTLED)
                            .build(),
                    "{\"code\":\"RequestThrottled\"}");
            assertEncodesTo(
                    JobExecutionState.builder().status(JobStatus.TIMED_OUT).build(), "{\"status\":\"TIMED_OUT\"}");
        }
    }

    // ----------------------------------------------------------------------------------------- helpers

    private static byte[] fixture(String name) {
        try (InputStream in = JobsJsonGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String json) {
        return tree(utf8(json));
    }

    private static JsonNode tree(byte[] json) {
        try {
            return TREES.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode encodedTree(Object value) {
        return tree(JobsJson.encode(value));
    }

    /** The value encodes to exactly this JSON tree (the strict form). */
    private static void assertEncodesTo(Object value, String strictJson) {
        assertThat(encodedTree(value)).isEqualTo(tree(strictJson));
    }

    /** A reply or event encodes back to the fixture, and decoding that encoding gives the same value. */
    private static <T> void assertRoundTrip(T value, byte[] fixture, Class<T> type) {
        byte[] written = JobsJson.encode(value);
        assertThat(tree(written)).isEqualTo(tree(fixture));
        assertThat(JobsJson.decode("round-trip", written, type)).isEqualTo(value);
    }

    /** A request encodes back to the fixture (no topic parameters), and decodes back to the same value. */
    private static <Q extends JobsRequest> void assertRequestRoundTrip(
            Operation<Q, ?> operation, Q request, byte[] fixture, String jobId) {
        byte[] written = JobsJson.encode(request);
        JsonNode writtenTree = tree(written);
        assertThat(writtenTree).isEqualTo(tree(fixture));
        assertThat(writtenTree.has("thingName")).isFalse();
        assertThat(writtenTree.has("jobId")).isFalse();
        assertThat(JobsJson.decodeRequest(operation, "round-trip", written, THING, jobId))
                .isEqualTo(request);
    }
}
