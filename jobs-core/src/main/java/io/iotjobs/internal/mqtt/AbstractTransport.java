package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.protocol.Topics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a transport that does not depend on the MQTT library: reference-counted subscriptions with
 * topic-filter dispatch to many listeners, re-subscription after a lost session, and a publish pipeline that
 * keeps within the broker's receive maximum and holds messages while offline.
 *
 * <p>Subclasses send the packets ({@link #sendPublish}, {@link #sendSubscribe}, {@link #sendUnsubscribe}) and
 * report what happens ({@link #connected}, {@link #connectionLost}, {@link #messageArrived},
 * {@link #setInFlightWindow}).
 */
public abstract class AbstractTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractTransport.class);

    /** Outcome callback of one publish attempt. */
    protected interface PublishCallback {
        /** The publish was written (QoS 0) or acknowledged with a success reason code (QoS 1). */
        void sent();

        /**
         * The library refused to send because its in-flight window is full; the pipeline retries after the
         * next completion.
         */
        void windowFull();

        /**
         * The library was not connected after all (a race with a connection loss); the publish waits in the
         * queue for the next connection.
         */
        void notConnected();

        /**
         * The publish failed.
         *
         * @param failure the failure to report to the caller
         */
        void failed(JobsTransportException failure);
    }

    private final Object lock = new Object();
    private final Map<String, Entry> entries = new HashMap<>();
    private volatile Dispatch dispatch = Dispatch.EMPTY;
    private final ArrayDeque<PendingPublish> queue = new ArrayDeque<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<PublishCallback, PendingPublish> unconfirmed = new java.util.IdentityHashMap<>();
    private final Set<CompletableFuture<Void>> unsubscribing = ConcurrentHashMap.newKeySet();
    private int inFlight;
    private int window = Integer.MAX_VALUE;
    private boolean online;
    private boolean closed;
    private boolean everConnected;

    // ------------------------------------------------------------------------------------------ publish

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        PendingPublish pending = new PendingPublish(topic, payload, qos);
        synchronized (lock) {
            if (closed) {
                pending.future.completeExceptionally(closedException());
                return pending.future;
            }
            queue.addLast(pending);
        }
        drain();
        return pending.future;
    }

    /** Sends queued publishes while connected and within the window. Never holds the lock while sending. */
    private void drain() {
        while (true) {
            PendingPublish next;
            synchronized (lock) {
                next = queue.peekFirst();
                if (next == null || !online || closed) {
                    return;
                }
                if (next.qos != Qos.AT_MOST_ONCE) {
                    if (inFlight >= window) {
                        return;
                    }
                    inFlight++;
                }
                queue.pollFirst();
            }
            sendOne(next);
        }
    }

    private void sendOne(PendingPublish pending) {
        AtomicBoolean done = new AtomicBoolean();
        PublishCallback callback = new PublishCallback() {
            @Override
            public void sent() {
                if (done.compareAndSet(false, true)) {
                    release(this, pending);
                    pending.future.complete(null);
                    drain();
                }
            }

            @Override
            public void windowFull() {
                if (done.compareAndSet(false, true)) {
                    synchronized (lock) {
                        unconfirmed.remove(this);
                        if (pending.qos != Qos.AT_MOST_ONCE) {
                            inFlight--;
                            // the library's own count is lower than the broker's window: follow it
                            window = Math.max(1, inFlight);
                        }
                        queue.addFirst(pending);
                    }
                    // retried when the next publish in flight completes
                }
            }

            @Override
            public void notConnected() {
                if (done.compareAndSet(false, true)) {
                    synchronized (lock) {
                        unconfirmed.remove(this);
                        if (pending.qos != Qos.AT_MOST_ONCE) {
                            inFlight--;
                        }
                        queue.addFirst(pending);
                    }
                    drain();
                }
            }

            @Override
            public void failed(JobsTransportException failure) {
                if (done.compareAndSet(false, true)) {
                    release(this, pending);
                    pending.future.completeExceptionally(failure);
                    drain();
                }
            }
        };
        synchronized (lock) {
            unconfirmed.put(callback, pending);
        }
        try {
            sendPublish(pending.topic, pending.payload, pending.qos, callback);
        } catch (RuntimeException e) {
            callback.failed(new JobsTransportException("publish to " + pending.topic + " failed: " + e.getMessage(),
                    pending.topic, null, false, e));
        }
    }

    private void release(PublishCallback callback, PendingPublish pending) {
        synchronized (lock) {
            unconfirmed.remove(callback);
            if (pending.qos != Qos.AT_MOST_ONCE) {
                inFlight = Math.max(0, inFlight - 1);
            }
        }
    }

    /**
     * Sets the most QoS 1 publishes in flight, normally the broker's receive maximum from its CONNACK.
     *
     * @param maxInFlight at least 1
     */
    protected final void setInFlightWindow(int maxInFlight) {
        synchronized (lock) {
            window = Math.max(1, maxInFlight);
        }
        drain();
    }

    // ---------------------------------------------------------------------------------------- subscribe

    @Override
    public CompletableFuture<TransportSubscription> subscribe(String filter, SubscribeOptions options,
            MessageListener listener) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Handle handle;
        CompletableFuture<Void> ready;
        boolean send = false;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            Entry entry = entries.get(filter);
            if (entry == null) {
                entry = new Entry(filter, options);
                entries.put(filter, entry);
                send = online;
            } else if (upgrade(entry.options, options)) {
                entry.options = SubscribeOptions.of(Qos.AT_LEAST_ONCE, entry.options.noLocal() && options.noLocal());
                entry.acked = new CompletableFuture<>();
                send = online;
            }
            handle = new Handle(entry, listener);
            entry.listeners.add(handle);
            refreshSnapshot();
            ready = entry.acked;
            if (send) {
                entry.sending = true;
            }
        }
        if (send) {
            sendSubscribeFor(handle.entry, false);
        }
        return ready.thenApply(v -> (TransportSubscription) handle);
    }

    private static boolean upgrade(SubscribeOptions current, SubscribeOptions wanted) {
        return wanted.qos().level() > current.qos().level() || current.noLocal() && !wanted.noLocal();
    }

    private void sendSubscribeFor(Entry entry, boolean afterSessionLoss) {
        CompletableFuture<Void> acked = entry.acked;
        SubscribeOptions options = entry.options;
        CompletableFuture<Void> sent;
        try {
            sent = sendSubscribe(entry.filter, options);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, error) -> {
            List<Handle> listeners;
            synchronized (lock) {
                entry.sending = false;
                if (error != null && entries.get(entry.filter) == entry) {
                    entries.remove(entry.filter);
                    refreshSnapshot();
                }
                listeners = new ArrayList<>(entry.listeners);
            }
            if (error == null) {
                acked.complete(null);
                if (afterSessionLoss) {
                    listeners.forEach(h -> safely(() -> h.listener.onSubscriptionRestored()));
                }
            } else {
                Throwable failure = asTransportFailure(error, entry.filter);
                acked.completeExceptionally(failure);
                if (afterSessionLoss) {
                    listeners.forEach(h -> safely(() -> h.listener.onSubscriptionFailed(failure)));
                }
            }
        });
    }

    private CompletableFuture<Void> unsubscribe(Handle handle) {
        boolean last;
        synchronized (lock) {
            Entry entry = handle.entry;
            if (!entry.listeners.remove(handle)) {
                return CompletableFuture.completedFuture(null);
            }
            last = entry.listeners.isEmpty() && entries.get(entry.filter) == entry;
            if (last) {
                entries.remove(entry.filter);
            }
            refreshSnapshot();
            if (!last || !online || closed) {
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<Void> done;
        try {
            done = sendUnsubscribe(handle.entry.filter).exceptionally(e -> {
                LOG.debug("{}: unsubscribe from {} failed: {}", name(), handle.entry.filter, e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("{}: unsubscribe from {} failed: {}", name(), handle.entry.filter, e.toString());
            return CompletableFuture.completedFuture(null);
        }
        unsubscribing.add(done);
        done.whenComplete((v, e) -> unsubscribing.remove(done));
        return done;
    }

    /**
     * Waits until every UNSUBSCRIBE sent so far is acknowledged or has failed, at most {@code timeoutMillis}.
     * Call it before a DISCONNECT: a broker may drop unsubscribes it is still processing when the client
     * disconnects (the embedded HiveMQ does), which would leave the subscriptions in a persistent session.
     *
     * @param timeoutMillis the longest wait
     */
    protected final void awaitUnsubscribes(long timeoutMillis) {
        CompletableFuture<?>[] pending = unsubscribing.toArray(new CompletableFuture<?>[0]);
        if (pending.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(pending).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("{}: {} unsubscribe(s) not acknowledged before disconnecting: {}", name(), pending.length,
                    e.toString());
        }
    }

    private void refreshSnapshot() {
        dispatch = Dispatch.of(entries.values());
    }

    /**
     * The filters subscribed now (for tests and diagnostics).
     *
     * @return the filters
     */
    public List<String> subscribedFilters() {
        synchronized (lock) {
            return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
        }
    }

    // ------------------------------------------------------------------------------------------ events

    /**
     * Dispatches an incoming message to every listener whose filter matches. Call it on the delivery thread.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the QoS
     */
    protected final void messageArrived(String topic, byte[] payload, int qos) {
        boolean delivered = false;
        for (Entry entry : dispatch.candidates(topic)) {
            if (entry.filter.equals(topic) || Topics.matches(entry.filter, topic)) {
                for (Handle handle : entry.listeners) {
                    delivered = true;
                    try {
                        handle.listener.onMessage(topic, payload, qos);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("{}: listener for {} failed on {}", name(), entry.filter, topic, e);
                    }
                }
            }
        }
        if (!delivered) {
            LOG.debug("{}: no listener for message on {}", name(), topic);
        }
    }

    /**
     * Reports that the connection is up. Re-subscribes lost or pending filters, then releases queued
     * publishes and tells the connection listeners.
     *
     * @param sessionPresent the CONNACK's session-present flag
     */
    protected final void connected(boolean sessionPresent) {
        List<Entry> resend = new ArrayList<>();
        List<Entry> lost = new ArrayList<>();
        boolean reconnect;
        synchronized (lock) {
            if (closed) {
                return;
            }
            reconnect = everConnected;
            everConnected = true;
            online = true;
            inFlight = 0;
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
                safely(() -> handle.listener.onSubscriptionLost());
            }
        }
        resend.forEach(e -> sendSubscribeFor(e, false));
        lost.forEach(e -> sendSubscribeFor(e, true));
        drain();
        for (ConnectionListener listener : connectionListeners) {
            safely(() -> listener.onConnected(sessionPresent, reconnect));
        }
    }

    /**
     * Reports that the connection went down. Queued publishes wait for the next connection.
     *
     * @param cause why, or {@code null} for a requested disconnect
     */
    protected final void connectionLost(Throwable cause) {
        Map<PublishCallback, PendingPublish> lostInFlight;
        synchronized (lock) {
            if (!online) {
                return;
            }
            online = false;
            lostInFlight = new java.util.IdentityHashMap<>(unconfirmed);
            for (Entry entry : entries.values()) {
                if (entry.sending) {
                    // the SUBSCRIBE may be lost with the connection: send it again on connect
                    entry.sending = false;
                }
            }
        }
        lostInFlight.forEach((callback, pending) -> callback.failed(new JobsTransportException(
                "connection lost before the publish to " + pending.topic + " was confirmed; it may have been delivered",
                pending.topic, null, true, cause)));
        for (ConnectionListener listener : connectionListeners) {
            safely(() -> listener.onDisconnected(cause));
        }
    }

    /**
     * Marks the transport closed: fails queued publishes and pending subscriptions with
     * {@link JobsClientClosedException} and tells the connection listeners.
     */
    protected final void markClosed() {
        List<PendingPublish> dropped;
        List<Entry> pending = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            online = false;
            dropped = new ArrayList<>(queue);
            queue.clear();
            pending.addAll(entries.values());
            entries.clear();
            refreshSnapshot();
        }
        JobsClientClosedException failure = closedException();
        dropped.forEach(p -> p.future.completeExceptionally(failure));
        pending.forEach(e -> e.acked.completeExceptionally(failure));
        for (ConnectionListener listener : connectionListeners) {
            safely(listener::onClosed);
        }
    }

    /**
     * Whether {@link #markClosed()} ran.
     *
     * @return true once closed
     */
    protected final boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (lock) {
            return online;
        }
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    private JobsClientClosedException closedException() {
        return new JobsClientClosedException("connection " + name() + " is closed");
    }

    private static Throwable asTransportFailure(Throwable error, String filter) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof JobsTransportException || cause instanceof JobsClientClosedException) {
            return cause;
        }
        return new JobsTransportException("subscribe to " + filter + " failed: " + cause.getMessage(), filter, null,
                false, cause);
    }

    private void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: listener failed", name(), e);
        }
    }

    // ------------------------------------------------------------------------------- subclass hooks

    /**
     * Sends one PUBLISH. Report the outcome through the callback exactly once (from any thread).
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the QoS
     * @param callback the outcome
     */
    protected abstract void sendPublish(String topic, byte[] payload, Qos qos, PublishCallback callback);

    /**
     * Sends one SUBSCRIBE.
     *
     * @param filter the filter
     * @param options QoS and no-local
     * @return completes on a successful SUBACK; fails with a {@link JobsTransportException} on a refusal
     */
    protected abstract CompletableFuture<Void> sendSubscribe(String filter, SubscribeOptions options);

    /**
     * Sends one UNSUBSCRIBE.
     *
     * @param filter the filter
     * @return completes on UNSUBACK
     */
    protected abstract CompletableFuture<Void> sendUnsubscribe(String filter);

    // --------------------------------------------------------------------------------------- internals

    private static final class PendingPublish {
        final String topic;
        final byte[] payload;
        final Qos qos;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        PendingPublish(String topic, byte[] payload, Qos qos) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
        }
    }

    /**
     * The subscribed filters, indexed for dispatch. A filter whose first three levels are literal can only match
     * topics with the same first three levels (for the Jobs topics, {@code $aws/things/<thing>}), so each
     * incoming message is matched against the filters of its own prefix plus the few filters with a wildcard in
     * those levels, not against every filter of the connection.
     */
    private static final class Dispatch {
        static final Dispatch EMPTY = new Dispatch(Map.of(), new Entry[0]);
        private static final int INDEXED_LEVELS = 3;

        private final Map<String, Entry[]> byPrefix;
        private final Entry[] others;

        private Dispatch(Map<String, Entry[]> byPrefix, Entry[] others) {
            this.byPrefix = byPrefix;
            this.others = others;
        }

        static Dispatch of(Collection<Entry> entries) {
            Map<String, List<Entry>> grouped = new HashMap<>();
            List<Entry> others = new ArrayList<>();
            for (Entry entry : entries) {
                String prefix = prefix(entry.filter);
                if (prefix == null || prefix.indexOf('+') >= 0 || prefix.indexOf('#') >= 0) {
                    others.add(entry);
                } else {
                    grouped.computeIfAbsent(prefix, k -> new ArrayList<>()).add(entry);
                }
            }
            Map<String, Entry[]> byPrefix = new HashMap<>();
            grouped.forEach((prefix, list) -> {
                list.addAll(others);
                byPrefix.put(prefix, list.toArray(new Entry[0]));
            });
            return new Dispatch(byPrefix, others.toArray(new Entry[0]));
        }

        /** The filters that may match the topic: those of its prefix, and those with an early wildcard. */
        Entry[] candidates(String topic) {
            String prefix = prefix(topic);
            Entry[] group = prefix == null ? null : byPrefix.get(prefix);
            return group != null ? group : others;
        }

        /** The first three levels ({@code a/b/c} of {@code a/b/c/d/e} and of {@code a/b/c}), or null if fewer. */
        private static String prefix(String name) {
            int end = -1;
            for (int level = 1; level < INDEXED_LEVELS; level++) {
                end = name.indexOf('/', end + 1);
                if (end < 0) {
                    return null;
                }
            }
            int next = name.indexOf('/', end + 1);
            return next < 0 ? name : name.substring(0, next);
        }
    }

    private static final class Entry {
        final String filter;
        final List<Handle> listeners = new CopyOnWriteArrayList<>();
        SubscribeOptions options;
        CompletableFuture<Void> acked = new CompletableFuture<>();
        boolean sending;

        Entry(String filter, SubscribeOptions options) {
            this.filter = filter;
            this.options = options;
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
        public CompletableFuture<Void> unsubscribe() {
            return AbstractTransport.this.unsubscribe(this);
        }
    }
}
