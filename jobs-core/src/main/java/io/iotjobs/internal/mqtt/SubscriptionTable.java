package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.protocol.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one connection: one MQTT subscription per filter, shared (reference-counted) by every
 * listener of that filter; dispatch of incoming messages to every listener whose filter matches; and
 * re-subscription of every live filter after the broker lost the session.
 */
final class SubscriptionTable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionTable.class);

    /** Sends the packets; failures come back as the SDK's exceptions. */
    interface Sender {
        CompletableFuture<Qos> subscribe(String filter, SubscribeOptions options, int subscriptionId);

        CompletableFuture<Void> unsubscribe(String filter);

        JobsClientClosedException closed();
    }

    private static final int MAX_SUBSCRIPTION_ID = 268_435_455;

    private final String name;
    private final Sender sender;
    private final Object lock = new Object();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Set<CompletableFuture<Void>> unsubscribing = ConcurrentHashMap.newKeySet();
    private volatile FilterIndex<Entry> index = FilterIndex.of(List.of(), e -> e.filter, Entry[]::new);
    private volatile Map<Integer, Entry> byId = Map.of();
    private int lastId;
    private boolean online;
    private boolean idsAvailable;
    private boolean closed;

    SubscriptionTable(String name, Sender sender) {
        this.name = name;
        this.sender = sender;
    }

    CompletableFuture<TransportSubscription> subscribe(
            String filter, SubscribeOptions options, MessageListener listener) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Handle handle;
        CompletableFuture<Qos> ready;
        boolean send = false;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(sender.closed());
            }
            Entry entry = entries.get(filter);
            if (entry == null) {
                entry = new Entry(filter, options, nextId());
                entries.put(filter, entry);
                send = online;
            } else if (upgrade(entry.options, options)) {
                entry.options = SubscribeOptions.of(Qos.AT_LEAST_ONCE, entry.options.noLocal() && options.noLocal());
                entry.acked = new CompletableFuture<>();
                send = online;
            }
            handle = new Handle(entry, listener);
            entry.listeners.add(handle);
            reindex();
            ready = entry.acked;
            if (send) {
                entry.sending = true;
            }
        }
        if (send) {
            send(handle.entry, false);
        }
        return ready.thenApply(granted -> (TransportSubscription) handle);
    }

    /** The next free subscription identifier (MQTT 5 allows 1 to 268,435,455). */
    private int nextId() {
        do {
            lastId = lastId >= MAX_SUBSCRIPTION_ID ? 1 : lastId + 1;
        } while (byId.containsKey(lastId));
        return lastId;
    }

    private static boolean upgrade(SubscribeOptions current, SubscribeOptions wanted) {
        return wanted.qos().level() > current.qos().level() || current.noLocal() && !wanted.noLocal();
    }

    private void send(Entry entry, boolean afterSessionLoss) {
        CompletableFuture<Qos> acked = entry.acked;
        int id;
        synchronized (lock) {
            id = idsAvailable ? entry.id : 0;
        }
        CompletableFuture<Qos> sent;
        try {
            sent = sender.subscribe(entry.filter, entry.options, id);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((granted, error) -> {
            List<Handle> listeners;
            synchronized (lock) {
                entry.sending = false;
                if (error != null && entries.get(entry.filter) == entry) {
                    entries.remove(entry.filter);
                    reindex();
                }
                if (error == null) {
                    entry.granted = granted;
                }
                listeners = new ArrayList<>(entry.listeners);
            }
            if (error == null) {
                acked.complete(granted);
                if (afterSessionLoss) {
                    listeners.forEach(h -> safely(h.listener::onSubscriptionRestored));
                }
            } else {
                Throwable failure = TransportFailures.unwrap(error);
                acked.completeExceptionally(failure);
                if (afterSessionLoss) {
                    listeners.forEach(h -> safely(() -> h.listener.onSubscriptionFailed(failure)));
                }
            }
        });
    }

    private CompletableFuture<Void> unsubscribe(Handle handle) {
        synchronized (lock) {
            Entry entry = handle.entry;
            if (!entry.listeners.remove(handle)) {
                return CompletableFuture.completedFuture(null);
            }
            boolean last = entry.listeners.isEmpty() && entries.get(entry.filter) == entry;
            if (last) {
                entries.remove(entry.filter);
            }
            reindex();
            if (!last || !online || closed) {
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<Void> done;
        try {
            done = sender.unsubscribe(handle.entry.filter).exceptionally(e -> {
                LOG.debug("{}: unsubscribe from {} failed: {}", name, handle.entry.filter, e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("{}: unsubscribe from {} failed: {}", name, handle.entry.filter, e.toString());
            return CompletableFuture.completedFuture(null);
        }
        unsubscribing.add(done);
        done.whenComplete((v, e) -> unsubscribing.remove(done));
        return done;
    }

    /**
     * Waits until every UNSUBSCRIBE sent so far is acknowledged or has failed, at most {@code timeoutMillis}.
     * Called before a DISCONNECT: a broker may drop unsubscribes it is still processing when the client
     * disconnects (the embedded HiveMQ does), which would leave the subscriptions in a persistent session.
     */
    void awaitUnsubscribes(long timeoutMillis) {
        CompletableFuture<?>[] pending = unsubscribing.toArray(new CompletableFuture<?>[0]);
        if (pending.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(pending).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug(
                    "{}: {} unsubscribe(s) not acknowledged before disconnecting: {}",
                    name,
                    pending.length,
                    e.toString());
        }
    }

    List<String> filters() {
        synchronized (lock) {
            return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
        }
    }

    /**
     * Dispatches a message on the calling (delivery) thread: to the listeners of the subscriptions it names by
     * identifier (a broker that sends one copy per matching subscription marks each copy), or, without identifiers,
     * to every listener whose filter matches.
     */
    void dispatch(String topic, byte[] payload, int qos, boolean retain, int[] subscriptionIds) {
        boolean delivered = false;
        if (subscriptionIds.length > 0) {
            Map<Integer, Entry> ids = byId;
            for (int id : subscriptionIds) {
                Entry entry = ids.get(id);
                if (entry != null && (entry.filter.equals(topic) || Topics.matches(entry.filter, topic))) {
                    delivered |= deliver(entry, topic, payload, qos, retain);
                }
            }
        } else {
            for (Entry entry : index.candidates(topic)) {
                if (entry.filter.equals(topic) || Topics.matches(entry.filter, topic)) {
                    delivered |= deliver(entry, topic, payload, qos, retain);
                }
            }
        }
        if (!delivered) {
            LOG.debug("{}: no listener for message on {}", name, topic);
        }
    }

    private boolean deliver(Entry entry, String topic, byte[] payload, int qos, boolean retain) {
        boolean delivered = false;
        for (Handle handle : entry.listeners) {
            delivered = true;
            try {
                handle.listener.onMessage(topic, payload, qos, retain);
            } catch (RuntimeException | Error e) {
                LOG.warn("{}: listener for {} failed on {}", name, entry.filter, topic, e);
            }
        }
        return delivered;
    }

    /**
     * The connection is up: subscribes what is pending, and everything again when the session was lost.
     *
     * @param sessionPresent whether the broker kept the session
     * @param subscriptionIds whether subscriptions carry identifiers on this connection
     */
    void connected(boolean sessionPresent, boolean subscriptionIds) {
        List<Entry> resend = new ArrayList<>();
        List<Entry> lost = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            online = true;
            idsAvailable = subscriptionIds;
            for (Entry entry : entries.values()) {
                if (entry.sending) {
                    continue;
                }
                if (!entry.acked.isDone()) {
                    resend.add(entry);
                    entry.sending = true;
                } else if (!sessionPresent) {
                    lost.add(entry);
                    entry.sending = true;
                    entry.acked = new CompletableFuture<>();
                }
            }
        }
        for (Entry entry : lost) {
            for (Handle handle : new ArrayList<>(entry.listeners)) {
                safely(handle.listener::onSubscriptionLost);
            }
        }
        resend.forEach(e -> send(e, false));
        lost.forEach(e -> send(e, true));
    }

    /** The connection went down: a SUBSCRIBE in flight may be lost with it, so it is sent again on connect. */
    void disconnected() {
        synchronized (lock) {
            online = false;
            for (Entry entry : entries.values()) {
                entry.sending = false;
            }
        }
    }

    /** Closed for good: pending subscriptions fail. */
    void close() {
        List<Entry> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            online = false;
            pending = new ArrayList<>(entries.values());
            entries.clear();
            reindex();
        }
        JobsClientClosedException failure = sender.closed();
        pending.forEach(e -> e.acked.completeExceptionally(failure));
    }

    private void reindex() {
        index = FilterIndex.of(entries.values(), e -> e.filter, Entry[]::new);
        Map<Integer, Entry> ids = new HashMap<>();
        entries.values().forEach(e -> ids.put(e.id, e));
        byId = ids;
    }

    private void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: subscription listener failed", name, e);
        }
    }

    private static final class Entry {
        final String filter;
        final int id;
        final List<Handle> listeners = new CopyOnWriteArrayList<>();
        SubscribeOptions options;
        CompletableFuture<Qos> acked = new CompletableFuture<>();
        volatile Qos granted;
        boolean sending;

        Entry(String filter, SubscribeOptions options, int id) {
            this.filter = filter;
            this.options = options;
            this.id = id;
        }
    }

    private final class Handle implements TransportSubscription {
        final Entry entry;
        final MessageListener listener;

        Handle(Entry entry, MessageListener listener) {
            this.entry = entry;
            this.listener = listener;
        }

        @Override
        public String filter() {
            return entry.filter;
        }

        @Override
        public Qos grantedQos() {
            Qos granted = entry.granted;
            return granted == null ? entry.options.qos() : granted;
        }

        @Override
        public CompletableFuture<Void> unsubscribe() {
            return SubscriptionTable.this.unsubscribe(this);
        }
    }
}
