package io.iotjobs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A job document bound to a class of the user's ({@code document().as(...)}) follows the same rules as the
 * SDK's own types decoded by the codec: the same fields, in the same payload, give the same values.
 */
class JobDocumentBindingTest {

    /** The user's view of a document that mirrors some fields of an execution. */
    record Mirror(
            String jobId,
            Instant queuedAt,
            Instant startedAt,
            OptionalLong versionNumber,
            JobStatus status,
            Optional<String> note,
            BigInteger serial,
            BigDecimal ratio) {}

    // the execution's own fields and the document's carry the same values, written the same lenient ways
    private static final String FIELDS = "\"jobId\":\"j1\",\"queuedAt\":1700000000.25,\"startedAt\":\"1700000001\","
            + "\"versionNumber\":\"3\",\"status\":\"SOMETHING_NEW\",\"notAField\":{\"deep\":[1,2]}";
    private static final String PAYLOAD = "{\"clientToken\":\"t\",\"timestamp\":1700000002,\"execution\":{"
            + FIELDS + ",\"jobDocument\":{" + FIELDS
            + ",\"serial\":123456789012345678901234567890,\"ratio\":1.10}}}";

    @Test
    void aDocumentBindsByTheRulesOfTheSdksOwnTypes() {
        JobExecutionData execution = JobsJson.decode(
                        "t", PAYLOAD.getBytes(StandardCharsets.UTF_8), DescribeJobExecutionResponse.class)
                .execution()
                .orElseThrow();

        Mirror mirror = execution.jobDocument().orElseThrow().as(Mirror.class);

        // unknown properties ignored by both; instants from fractional and string epoch seconds
        assertThat(mirror.jobId()).isEqualTo(execution.jobId());
        assertThat(Optional.of(mirror.queuedAt())).isEqualTo(execution.queuedAt());
        assertThat(mirror.queuedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 250_000_000L));
        assertThat(Optional.of(mirror.startedAt())).isEqualTo(execution.startedAt());
        // numbers as strings, Optional types, unknown enum values as UNKNOWN
        assertThat(mirror.versionNumber()).isEqualTo(execution.versionNumber()).hasValue(3);
        assertThat(Optional.of(mirror.status())).isEqualTo(execution.status()).contains(JobStatus.UNKNOWN);
        assertThat(mirror.note()).isEmpty();
        // big numbers exact
        assertThat(mirror.serial()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(mirror.ratio()).isEqualTo(new BigDecimal("1.10"));
    }

    @Test
    void aDocumentThatDoesNotFitNamesTheType() {
        JobExecutionData execution = JobsJson.decode(
                        "t", PAYLOAD.getBytes(StandardCharsets.UTF_8), DescribeJobExecutionResponse.class)
                .execution()
                .orElseThrow();

        record Wrong(Instant jobId) {}

        assertThatThrownBy(() -> execution.jobDocument().orElseThrow().as(Wrong.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobDocument")
                .hasMessageContaining("Wrong");
    }
}
