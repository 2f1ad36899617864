package io.iotjobs.benchmarks.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.UpdateJobExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec benchmark compares like with like only if the hand-written baseline produces what the SDK's codec
 * produces: the same model values from the same bytes, and the same bytes from the same values.
 */
class StreamingJobsJsonTest {

    static Stream<Sample<?>> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodesToTheSameValueAsTheSdkCodec(Sample<?> sample) {
        Object sdk = sample.decodeWithSdk();
        Object streaming = sample.decodeWithStreaming();

        assertThat(streaming).isEqualTo(sdk);
        assertThat(streaming).isEqualTo(sample.model());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void encodesToTheSameBytesAsTheSdkCodec(Sample<?> sample) {
        assertThat(new String(sample.encodeWithStreaming(), StandardCharsets.UTF_8))
                .isEqualTo(new String(sample.encodeWithSdk(), StandardCharsets.UTF_8));
    }

    @Test
    void everySampleNamedInTheBenchmarkExists() throws NoSuchFieldException {
        String[] names = CodecBenchmark.class
                .getField("message")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class)
                .value();

        assertThat(names)
                .containsExactlyElementsOf(
                        Samples.all().stream().map(Sample::name).toList());
    }

    @Test
    void largeSamplesCarryTheAdvertisedSizes() {
        assertThat(Samples.largeDocument().encodedSize())
                .isBetween(Samples.LARGE_DOCUMENT_BYTES, Samples.LARGE_DOCUMENT_BYTES + 400);
        JobExecutionsChangedEvent ten =
                (JobExecutionsChangedEvent) Samples.named("notify10").model();
        assertThat(ten.inProgress().size() + ten.queued().size()).isEqualTo(10);
    }

    @Test
    void readsTheLenientFormsTheSdkCodecAccepts() {
        byte[] payload = ("{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"7\",\"unknown\":{\"a\":[1,2]},"
                        + "\"executionNumber\":null}")
                .getBytes(StandardCharsets.UTF_8);

        UpdateJobExecutionRequest request = StreamingJobsJson.readUpdateRequest(payload, "t", "j");

        assertThat(request.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(request.expectedVersion()).hasValue(7);
        assertThat(request.executionNumber()).isEmpty();
        assertThat(StreamingJobsJson.readDescribeResponse(
                                "{\"timestamp\":1717000500.25}".getBytes(StandardCharsets.UTF_8))
                        .timestamp())
                .hasValue(Instant.ofEpochSecond(1717000500, 250_000_000));
        assertThat(StreamingJobsJson.readGetPendingRequest(new byte[0], "t").clientToken())
                .isEmpty();
    }
}
