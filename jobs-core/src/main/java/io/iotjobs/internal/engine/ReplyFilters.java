package io.iotjobs.internal.engine;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportSubscription;
import io.iotjobs.internal.protocol.Operation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The warm reply filters of a {@link RequestEngine}: one wildcard filter per operation and thing
 * ({@code .../jobs/+/update/+}), subscribed before the first request that needs it and then kept, so that in
 * steady state a request costs one PUBLISH. At most {@code budget} filters are held; a new one evicts the least
 * recently used idle one, and when every filter is busy a request waits for one to go idle. Filters idle for longer
 * than the linger time are released.
 *
 * <p>Every request enters through {@link #admit}: at once when its filter is held or a slot is free, later (when a
 * filter goes idle) otherwise. Each filter knows its operation, so a reply is handed on with it.
 */
final class ReplyFilters {

    /** A request that needs a reply filter. */
    interface Request {
        /** The filter it needs. */
        Key key();

        /**
         * The request got its filter, which may still be subscribing.
         *
         * @param ready completes when the filter is subscribed; fails if it could not be
         * @return false if the request is over already (the filter is released again)
         */
        boolean granted(CompletableFuture<Void> ready);
    }

    /** Receives the replies of every filter. */
    interface Replies {
        void onReply(Operation<?, ?> operation, String topic, byte[] payload);
    }

    /**
     * A reply filter: the operation's wildcard filter for one thing.
     *
     * @param operation the operation
     * @param thingName the thing
     */
    record Key(Operation<?, ?> operation, String thingName) {
        String filter() {
            return operation.replyFilter(thingName, null);
        }
    }

    /** One admission decided under the lock, carried out after it. */
    private record Grant(Warm warm, Request request, boolean subscribe) {}

    private final Transport transport;
    private final ScheduledExecutorService timer;
    private final int budget;
    private final Duration linger;
    private final Replies replies;
    private final Object lock = new Object();
    private final Map<Key, Warm> held = new HashMap<>();
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private boolean closed;

    ReplyFilters(Transport transport, ScheduledExecutorService timer, int budget, Duration linger, Replies replies) {
        this.transport = transport;
        this.timer = timer;
        this.budget = budget;
        this.linger = linger;
        this.replies = replies;
    }

    /** Gives the request its filter now, or queues it until a filter goes idle. */
    void admit(Request request) {
        List<Warm> evicted = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        synchronized (lock) {
            if (!tryAdmit(request, evicted, grants)) {
                waiting.addLast(request);
            }
        }
        carryOut(evicted, grants);
    }

    /** A request that held its filter is over. */
    void release(Key key) {
        List<Warm> evicted = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        synchronized (lock) {
            Warm warm = held.get(key);
            if (warm == null) {
                return;
            }
            warm.refs--;
            warm.lastUsed = System.nanoTime();
            if (warm.refs > 0) {
                return;
            }
            // hand the freed slot to the requests waiting for a filter, in order
            while (!waiting.isEmpty() && tryAdmit(waiting.peekFirst(), evicted, grants)) {
                waiting.pollFirst();
            }
            if (warm.refs == 0 && held.get(key) == warm) {
                scheduleLinger(warm);
            }
        }
        carryOut(evicted, grants);
    }

    /** A request that was still waiting for a filter is over. */
    void abandon(Request request) {
        synchronized (lock) {
            waiting.remove(request);
        }
    }

    /**
     * Admits a request if its filter is held or can be made (evicting the least recently used idle filter when the
     * budget is spent), with every waiting request for the same filter. Called under the lock.
     */
    private boolean tryAdmit(Request request, List<Warm> evicted, List<Grant> grants) {
        Key key = request.key();
        Warm warm = held.get(key);
        boolean subscribe = false;
        if (warm == null) {
            if (held.size() >= budget) {
                Warm idle = leastRecentlyUsedIdle();
                if (idle == null) {
                    return false;
                }
                held.remove(idle.key);
                idle.evicted = true;
                evicted.add(idle);
            }
            warm = new Warm(key);
            held.put(key, warm);
            subscribe = true;
        }
        warm.refs++;
        grants.add(new Grant(warm, request, subscribe));
        // every other waiter for the same filter joins it now instead of waiting its turn
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request other = it.next();
            if (other != request && other.key().equals(key)) {
                it.remove();
                warm.refs++;
                grants.add(new Grant(warm, other, false));
            }
        }
        return true;
    }

    private void carryOut(List<Warm> evicted, List<Grant> grants) {
        evicted.forEach(Warm::unsubscribe);
        for (Grant grant : grants) {
            if (grant.subscribe()) {
                grant.warm().subscribe();
            }
            if (!grant.request().granted(grant.warm().ready)) {
                release(grant.warm().key);
            }
        }
    }

    private Warm leastRecentlyUsedIdle() {
        Warm best = null;
        for (Warm w : held.values()) {
            if (w.refs == 0 && (best == null || w.lastUsed < best.lastUsed)) {
                best = w;
            }
        }
        return best;
    }

    private void scheduleLinger(Warm warm) {
        if (warm.lingerScheduled || closed) {
            return;
        }
        warm.lingerScheduled = true;
        try {
            warm.lingerTask = timer.schedule(() -> lingerCheck(warm), linger.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            warm.lingerScheduled = false;
        }
    }

    private void lingerCheck(Warm warm) {
        synchronized (lock) {
            warm.lingerScheduled = false;
            if (held.get(warm.key) != warm || warm.refs > 0) {
                return;
            }
            if (System.nanoTime() - warm.lastUsed < linger.toNanos()) {
                scheduleLinger(warm);
                return;
            }
            held.remove(warm.key);
            warm.evicted = true;
        }
        warm.unsubscribe();
    }

    /** The filters held now. */
    List<String> names() {
        synchronized (lock) {
            return held.keySet().stream().map(Key::filter).toList();
        }
    }

    /** Releases every filter and forgets the waiting requests. */
    void releaseAll() {
        List<Warm> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(held.values());
            held.clear();
            waiting.clear();
        }
        for (Warm warm : all) {
            warm.evicted = true;
            // the timer may be shared with other clients: do not leave this client's checks on it
            ScheduledFuture<?> task = warm.lingerTask;
            if (task != null) {
                task.cancel(false);
            }
            warm.unsubscribe();
        }
    }

    /** One warm reply filter. */
    private final class Warm implements MessageListener {
        final Key key;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        int refs;
        long lastUsed = System.nanoTime();
        boolean lingerScheduled;
        volatile ScheduledFuture<?> lingerTask;
        volatile boolean evicted;
        volatile TransportSubscription subscription;

        Warm(Key key) {
            this.key = key;
        }

        @Override
        public void onMessage(String topic, byte[] payload, int qos) {
            replies.onReply(key.operation(), topic, payload);
        }

        void subscribe() {
            transport
                    .subscribe(key.filter(), SubscribeOptions.of(Qos.AT_LEAST_ONCE, false), this)
                    .whenComplete((handle, error) -> {
                        if (error != null) {
                            synchronized (lock) {
                                if (held.get(key) == this) {
                                    held.remove(key);
                                }
                            }
                            ready.completeExceptionally(error);
                            return;
                        }
                        subscription = handle;
                        if (evicted) {
                            handle.unsubscribe();
                        }
                        ready.complete(null);
                    });
        }

        void unsubscribe() {
            TransportSubscription handle = subscription;
            if (handle != null) {
                handle.unsubscribe();
            }
        }
    }
}
