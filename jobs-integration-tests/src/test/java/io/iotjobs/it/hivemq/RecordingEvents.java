package io.iotjobs.it.hivemq;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.TransportEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a transport tells its connection, recorded for tests that drive a transport directly. */
final class RecordingEvents implements TransportEvents {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** One message as it arrived, and the thread it arrived on. */
    record Message(String topic, byte[] payload, Qos qos, boolean retain, String thread) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> losses = new LinkedBlockingQueue<>();
    final List<Optional<ConnAck>> ownerConnects = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String topic, byte[] payload, Qos qos, boolean retain, int[] subscriptionIds) {
        messages.add(
                new Message(topic, payload, qos, retain, Thread.currentThread().getName()));
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        losses.add(cause == null ? new IllegalStateException("no cause") : cause);
    }

    @Override
    public void onConnectedByOwner(Optional<ConnAck> connAck) {
        ownerConnects.add(connAck);
    }

    /** The next message, waiting at most {@link #WAIT}. */
    Message next() throws InterruptedException {
        Message message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + WAIT);
        }
        return message;
    }

    /** The next reported loss, waiting at most {@link #WAIT}. */
    Throwable nextLoss() throws InterruptedException {
        Throwable loss = losses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (loss == null) {
            throw new AssertionError("no connection loss reported within " + WAIT);
        }
        return loss;
    }

    /** How many losses were reported and not taken yet. */
    int lossesLeft() {
        return losses.size();
    }
}
