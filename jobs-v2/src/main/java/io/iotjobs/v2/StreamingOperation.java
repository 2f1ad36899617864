package io.iotjobs.v2;

import io.iotjobs.internal.engine.EventStream;
import java.util.concurrent.CompletableFuture;

/**
 * An event stream of a V2 client: created by {@code create...Stream}, started with {@link #open()}, ended
 * with {@link #close()}. Both are idempotent; a closed stream cannot be opened again (create a new one).
 * Closing the client closes its streams.
 */
public final class StreamingOperation implements AutoCloseable {
    private final EventStream<?> stream;

    StreamingOperation(EventStream<?> stream) {
        this.stream = stream;
    }

    /**
     * Subscribes. The subscription-status listener then hears SUBSCRIPTION_ESTABLISHED (or _HALTED).
     *
     * @return completes on SUBACK; fails with a {@link V2ServiceException} if the broker refused
     * @throws IllegalStateException if the stream was closed
     */
    public CompletableFuture<Void> open() {
        return IotJobsClientV2.mapped(stream.open());
    }

    /**
     * Unsubscribes; no listener runs afterwards. Idempotent.
     */
    @Override
    public void close() {
        stream.close();
    }

    /**
     * Whether the stream is open.
     *
     * @return true between {@link #open()} and {@link #close()}
     */
    public boolean isOpen() {
        return stream.isOpen();
    }
}
