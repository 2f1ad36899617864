package io.iotjobs.benchmarks.codec;

import io.iotjobs.internal.codec.JobsJson;
import java.util.Objects;
import java.util.function.Function;

/**
 * One message of the Jobs device API as the codec benchmark uses it: the model value, its wire bytes, and the
 * two ways to decode and encode it (the SDK's codec and the hand-written streaming baseline).
 *
 * @param <T> the model type
 */
public final class Sample<T> {

    private final String name;
    private final String description;
    private final T model;
    private final byte[] wire;
    private final Function<byte[], T> sdkDecoder;
    private final Function<byte[], T> streamingDecoder;
    private final Function<T, byte[]> streamingEncoder;

    Sample(
            String name,
            String description,
            T model,
            Function<byte[], T> sdkDecoder,
            Function<byte[], T> streamingDecoder,
            Function<T, byte[]> streamingEncoder) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.model = Objects.requireNonNull(model, "model");
        this.wire = JobsJson.encode(model);
        this.sdkDecoder = sdkDecoder;
        this.streamingDecoder = streamingDecoder;
        this.streamingEncoder = streamingEncoder;
    }

    /**
     * The benchmark parameter value naming this message.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * What the message is, for reports.
     *
     * @return a short description
     */
    public String description() {
        return description;
    }

    /**
     * The model value.
     *
     * @return the value
     */
    public T model() {
        return model;
    }

    /**
     * The message as the SDK's codec encodes it (the input of both decoders).
     *
     * @return a copy of the UTF-8 JSON
     */
    public byte[] wire() {
        return wire.clone();
    }

    /**
     * The size of {@link #wire()}.
     *
     * @return bytes
     */
    public int size() {
        return wire.length;
    }

    /**
     * Decodes the wire bytes with the SDK's codec.
     *
     * @return a new model value
     */
    public T decodeWithSdk() {
        return sdkDecoder.apply(wire);
    }

    /**
     * Decodes the wire bytes with the hand-written streaming baseline.
     *
     * @return a new model value
     */
    public T decodeWithStreaming() {
        return streamingDecoder.apply(wire);
    }

    /**
     * Encodes the model value with the SDK's codec.
     *
     * @return UTF-8 JSON
     */
    public byte[] encodeWithSdk() {
        return JobsJson.encode(model);
    }

    /**
     * Encodes the model value with the hand-written streaming baseline.
     *
     * @return UTF-8 JSON
     */
    public byte[] encodeWithStreaming() {
        return streamingEncoder.apply(model);
    }

    @Override
    public String toString() {
        return name + " (" + wire.length + " bytes)";
    }
}
