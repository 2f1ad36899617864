package io.iotjobs.internal.testkit.http;

import io.iotjobs.internal.testkit.ServiceObserver;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the service's traffic and changes meet the open console pages: it observes the service, keeps the latest
 * {@code recent} traffic records (so that a page opened now shows what just happened), and hands every record and
 * change to each subscriber's bounded queue. It never waits and never polls: the service's own threads push.
 *
 * <p>Memory is bounded whatever the pages do: {@code recent} records here, at most {@code perSubscriber} waiting
 * per subscriber (and as many in the batch its writer is sending), at most {@code maxSubscribers} subscribers; a
 * subscriber is removed when its page's connection closes. Thread-safe.
 */
final class ConsoleHub implements ServiceObserver, AutoCloseable {

    /** A new subscription: what to send first, and the queue of what follows. */
    record Subscription(ConsoleSubscriber subscriber, List<TrafficRecord> replay) {}

    private final int recentSize;
    private final int perSubscriber;
    private final int maxSubscribers;
    private final Object lock = new Object();
    private final ArrayDeque<TrafficRecord> recent = new ArrayDeque<>();
    private final Set<ConsoleSubscriber> subscribers = new LinkedHashSet<>();
    private long lastId;
    private boolean closed;

    /**
     * A hub.
     *
     * @param recentSize how many of the latest records to keep for pages opened later
     * @param perSubscriber how many records one page may have waiting
     * @param maxSubscribers how many pages may be subscribed at once
     */
    ConsoleHub(int recentSize, int perSubscriber, int maxSubscribers) {
        this.recentSize = recentSize;
        this.perSubscriber = perSubscriber;
        this.maxSubscribers = maxSubscribers;
    }

    @Override
    public void traffic(Instant time, Direction direction, String topic, byte[] payload, String note) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            TrafficRecord record = new TrafficRecord(++lastId, time, direction, topic, payload, note);
            if (recent.size() == recentSize) {
                recent.removeFirst();
            }
            recent.addLast(record);
            for (ConsoleSubscriber subscriber : subscribers) {
                subscriber.offer(record);
            }
        }
    }

    @Override
    public void changed(Scope scope, String name) {
        synchronized (lock) {
            for (ConsoleSubscriber subscriber : subscribers) {
                subscriber.changed(scope);
            }
        }
    }

    /**
     * Subscribes a page.
     *
     * @param lastEventId the id of the last record the page has (sent again by a reconnecting page), 0 for none
     * @return the subscription: the kept records after that id, then everything new
     * @throws ApiError {@code ServiceUnavailableException} when closed or when too many pages are subscribed
     */
    Subscription subscribe(long lastEventId) {
        synchronized (lock) {
            if (closed) {
                throw new ApiError(ApiError.Type.SERVICE_UNAVAILABLE, "the console is closed");
            }
            if (subscribers.size() >= maxSubscribers) {
                throw new ApiError(
                        ApiError.Type.SERVICE_UNAVAILABLE,
                        "console: " + maxSubscribers
                                + " pages are open already, the most this server serves at once; close one");
            }
            List<TrafficRecord> replay = new ArrayList<>();
            for (TrafficRecord record : recent) {
                if (record.id > lastEventId) {
                    replay.add(record);
                }
            }
            ConsoleSubscriber subscriber = new ConsoleSubscriber(perSubscriber);
            subscribers.add(subscriber);
            return new Subscription(subscriber, replay);
        }
    }

    /**
     * Removes a subscriber (its page went away) and closes it.
     *
     * @param subscriber the subscriber
     */
    void remove(ConsoleSubscriber subscriber) {
        synchronized (lock) {
            subscribers.remove(subscriber);
        }
        subscriber.close();
    }

    /**
     * How many pages are subscribed.
     *
     * @return the count
     */
    int subscribers() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    /**
     * How many traffic records the hub holds for the pages: the recent ones, and those waiting in each
     * subscriber's queue or being written to its page (a record in several is counted in each).
     *
     * @return the count
     */
    long retained() {
        synchronized (lock) {
            long count = recent.size();
            for (ConsoleSubscriber subscriber : subscribers) {
                count += subscriber.size();
            }
            return count;
        }
    }

    /** Ends every subscription; later traffic is ignored and later subscriptions refused. Idempotent. */
    @Override
    public void close() {
        List<ConsoleSubscriber> all;
        synchronized (lock) {
            closed = true;
            recent.clear();
            all = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        all.forEach(ConsoleSubscriber::close);
    }
}
