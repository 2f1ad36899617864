package io.iotjobs.benchmarks.roundtrip;

import java.util.ArrayDeque;

/**
 * QoS 1 publishes of one Paho client (v3 or v5) kept within an in-flight limit: the ones beyond it wait for a
 * PUBACK. Paho refuses a publish beyond its own count with "too many publishes in progress" instead of queueing
 * it; a refused publish is put back and sent after the next PUBACK.
 */
final class PahoWindow {

    /** One publish handed to the library. */
    @FunctionalInterface
    interface Sender {
        /**
         * Publishes at QoS 1; the library calls {@link PahoWindow#released()} at its PUBACK or failure.
         *
         * @param topic the topic
         * @param payload the payload
         * @return false if the library refused it for its in-flight limit
         */
        boolean send(String topic, byte[] payload);
    }

    private record Pending(String topic, byte[] payload) {}

    private final Sender sender;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int limit; // guarded by this
    private int inFlight; // guarded by this

    /**
     * A window.
     *
     * @param sender the library's publish
     * @param limit the broker's receive maximum or the library's in-flight limit
     */
    PahoWindow(Sender sender, int limit) {
        this.sender = sender;
        this.limit = Math.max(1, limit);
    }

    /**
     * Publishes now, or after a PUBACK makes room.
     *
     * @param topic the topic
     * @param payload the payload
     */
    void publish(String topic, byte[] payload) {
        synchronized (this) {
            queue.addLast(new Pending(topic, payload));
        }
        drain();
    }

    /** A publish is over (PUBACK or failure): room for the next. */
    void released() {
        synchronized (this) {
            inFlight--;
        }
        drain();
    }

    private void drain() {
        while (true) {
            Pending next;
            synchronized (this) {
                if (inFlight >= limit || queue.isEmpty()) {
                    return;
                }
                next = queue.pollFirst();
                inFlight++;
            }
            if (!sender.send(next.topic(), next.payload())) {
                synchronized (this) {
                    inFlight--;
                    queue.addFirst(next);
                    // the library's own count is ahead of ours: follow it; retried on the next PUBACK
                    limit = Math.max(1, inFlight);
                    if (inFlight > 0) {
                        return;
                    }
                }
            }
        }
    }
}
