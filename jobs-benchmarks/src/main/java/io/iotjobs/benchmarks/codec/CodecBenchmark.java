package io.iotjobs.benchmarks.codec;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and encode of every message kind, through the SDK's codec ({@code JobsJson}) and through the
 * hand-written streaming baseline ({@link StreamingJobsJson}), in the same run. Run with {@code -prof gc} for
 * allocated bytes per operation ({@code gc.alloc.rate.norm}).
 *
 * <p>Each fork measures one message, so every call site stays monomorphic as it would be in an application
 * that decodes one kind in a hot loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {

    /** The message (see {@link Samples#all()}). */
    @Param({
        "getPendingRequest",
        "getPendingAccepted",
        "getPendingAccepted10",
        "startNextRequest",
        "startNextAccepted",
        "startNextAccepted30k",
        "describeRequest",
        "describeAccepted",
        "describeAccepted30k",
        "updateRequest",
        "updateAccepted",
        "updateAccepted30k",
        "updateRejected",
        "notify",
        "notify10",
        "notifyNext",
        "notifyNext30k"
    })
    public String message;

    private Sample<?> sample;

    /** Picks the message. */
    @Setup
    public void setUp() {
        sample = Samples.named(message);
    }

    /**
     * Decode through the SDK's codec.
     *
     * @return the model value
     */
    @Benchmark
    public Object decodeSdk() {
        return sample.decodeWithSdk();
    }

    /**
     * Decode through the hand-written streaming parser.
     *
     * @return the model value
     */
    @Benchmark
    public Object decodeStreaming() {
        return sample.decodeWithStreaming();
    }

    /**
     * Encode through the SDK's codec.
     *
     * @return the JSON bytes
     */
    @Benchmark
    public byte[] encodeSdk() {
        return sample.encodeWithSdk();
    }

    /**
     * Encode through the hand-written streaming generator.
     *
     * @return the JSON bytes
     */
    @Benchmark
    public byte[] encodeStreaming() {
        return sample.encodeWithStreaming();
    }
}
