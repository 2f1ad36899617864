package io.iotjobs.internal.testkit;

import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of one service, told about traffic and changes. With none registered each call is one read of
 * an empty list, so the service pays nothing for the hook. Thread-safe.
 */
final class Observers implements ServiceObserver {

    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final CopyOnWriteArrayList<ServiceObserver> observers = new CopyOnWriteArrayList<>();

    /**
     * Adds an observer.
     *
     * @param observer the observer
     * @return removes it again
     */
    Runnable add(ServiceObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /**
     * Whether anyone watches (so that callers can skip preparing what nobody reads).
     *
     * @return true with at least one observer
     */
    boolean active() {
        return !observers.isEmpty();
    }

    @Override
    public void traffic(Instant time, Direction direction, String topic, byte[] payload, String note) {
        for (ServiceObserver observer : observers) {
            try {
                observer.traffic(time, direction, topic, payload, note);
            } catch (RuntimeException e) {
                LOG.warn("observer {} failed on traffic", observer, e);
            }
        }
    }

    @Override
    public void changed(Scope scope, String name) {
        for (ServiceObserver observer : observers) {
            try {
                observer.changed(scope, name);
            } catch (RuntimeException e) {
                LOG.warn("observer {} failed on a change", observer, e);
            }
        }
    }
}
