package io.iotjobs.internal.testkit.http;

import io.iotjobs.internal.testkit.ServiceObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one open console page has yet to be sent: at most {@code capacity} traffic records (the oldest give way
 * to new ones, and are counted as missed), and which kinds of state changed since the last send (kept as a set,
 * so a burst of changes costs nothing more than one). However long the page stays open and however slowly it
 * reads, the server keeps at most {@code capacity} records waiting for it, and at most as many more in the batch
 * its writer is sending.
 *
 * <p>Thread-safe: the service's threads offer, the page's writer thread takes.
 */
final class ConsoleSubscriber {

    /**
     * What the writer takes at once.
     *
     * @param records the traffic records, oldest first
     * @param changed what changed since the last batch
     * @param missed how many records gave way before they could be sent
     * @param closed whether the subscription ended (nothing more will come)
     */
    record Batch(List<TrafficRecord> records, Set<ServiceObserver.Scope> changed, long missed, boolean closed) {

        boolean isEmpty() {
            return records.isEmpty() && changed.isEmpty() && missed == 0;
        }
    }

    private final int capacity;
    private final ArrayDeque<TrafficRecord> records = new ArrayDeque<>();
    private final EnumSet<ServiceObserver.Scope> changed = EnumSet.noneOf(ServiceObserver.Scope.class);
    private long missed;
    private boolean closed;
    /** How many records the writer took last: it holds them until its next take. */
    private int writing;

    ConsoleSubscriber(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void offer(TrafficRecord record) {
        if (closed) {
            return;
        }
        if (records.size() == capacity) {
            records.removeFirst();
            missed++;
        }
        records.addLast(record);
        notifyAll();
    }

    synchronized void changed(ServiceObserver.Scope scope) {
        if (!closed && changed.add(scope)) {
            notifyAll();
        }
    }

    /**
     * Waits until there is something to send, the subscription is closed, or the time is up, then takes it all.
     *
     * @param timeoutMillis how long to wait at most (the heartbeat interval)
     * @return what to send; empty when the time ran out
     * @throws InterruptedException if the writer thread is interrupted
     */
    synchronized Batch take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!closed && records.isEmpty() && changed.isEmpty() && missed == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        Batch batch = new Batch(
                new ArrayList<>(records), changed.isEmpty() ? Set.of() : EnumSet.copyOf(changed), missed, closed);
        records.clear();
        changed.clear();
        missed = 0;
        writing = batch.records().size();
        return batch;
    }

    /** Ends the subscription: the writer's next take returns at once, closed; later offers are ignored. */
    synchronized void close() {
        closed = true;
        records.clear();
        writing = 0;
        notifyAll();
    }

    /**
     * How many records the server holds for this page: those waiting, and those its writer is sending.
     *
     * @return at most twice the capacity
     */
    synchronized int size() {
        return records.size() + writing;
    }
}
