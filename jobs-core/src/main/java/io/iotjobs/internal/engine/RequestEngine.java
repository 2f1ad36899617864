package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.ConnectionListener;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportSubscription;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.internal.protocol.TopicRef;
import io.iotjobs.internal.protocol.Topics;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.RejectedError;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over MQTT for the four operations: one PUBLISH per request, the reply matched by client
 * token.
 *
 * <ul>
 *   <li>Every request gets a fresh client token unless the caller set one; the caller's object is never
 *       changed (a copy carries the token).</li>
 *   <li>The reply topics are covered by one wildcard filter per operation and thing
 *       ({@code .../jobs/+/update/+}), subscribed before the first publish and then kept warm: in steady
 *       state a request costs one PUBLISH and no SUBSCRIBE/UNSUBSCRIBE. At most {@code subscriptionBudget}
 *       filters are held; a new one evicts the least recently used idle filter, and when every filter is
 *       busy a request waits for one to go idle (within its timeout). Filters idle for longer than the
 *       linger time are released.</li>
 *   <li>A rejection without a client token (InvalidJson) fails the one request in flight on that topic; if
 *       several could match, none is failed (they time out) and a warning is logged.</li>
 *   <li>Futures complete on the client's executor, never on the MQTT thread. A request fails with a
 *       {@link JobsRejectedException}, {@link JobsTimeoutException}, {@link JobsTransportException} (when the
 *       connection drops after the request was sent: outcome unknown), {@link JobsDecodeException} or
 *       {@link JobsClientClosedException}. Cancelling a future forgets the request.</li>
 * </ul>
 */
public final class RequestEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestEngine.class);

    /** Settings of an engine. */
    public static final class Options {
        private final Duration defaultTimeout;
        private final int subscriptionBudget;
        private final Duration linger;
        private final JobsLimits limits;

        /**
         * Creates the settings.
         *
         * @param defaultTimeout timeout of requests without their own
         * @param subscriptionBudget most warm reply filters held at once (at least 1)
         * @param linger how long an idle filter stays subscribed
         * @param limits field limits checked before publishing
         */
        public Options(Duration defaultTimeout, int subscriptionBudget, Duration linger, JobsLimits limits) {
            this.defaultTimeout = positive(defaultTimeout, "timeout");
            if (subscriptionBudget < 1) {
                throw new IllegalArgumentException("subscriptionBudget: must be at least 1, got "
                        + subscriptionBudget);
            }
            this.subscriptionBudget = subscriptionBudget;
            this.linger = positive(linger, "linger");
            this.limits = Objects.requireNonNull(limits, "limits");
        }
    }

    /** Where a request stands. */
    private enum Stage { WAITING_FOR_FILTER, SUBSCRIBING, PUBLISHING, SENT }

    private final Transport transport;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Options options;
    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();
    private final WarmFilters filters;
    private final String tokenPrefix;
    private final AtomicLong tokenCounter = new AtomicLong();
    private final MessageListener replyListener = new MessageListener() {
        @Override
        public void onMessage(String topic, byte[] payload, int qos) {
            onReply(topic, payload);
        }
    };
    private final ConnectionListener connectionListener = new ConnectionListener() {
        @Override
        public void onDisconnected(Throwable cause) {
            failSent(cause);
        }
    };
    private volatile boolean closed;

    /**
     * Creates an engine on a transport.
     *
     * @param transport the MQTT transport
     * @param executor where futures complete
     * @param timer for timeouts and lingering filters
     * @param options the settings
     */
    public RequestEngine(Transport transport, Executor executor, ScheduledExecutorService timer, Options options) {
        this.transport = transport;
        this.executor = executor;
        this.timer = timer;
        this.options = options;
        this.filters = new WarmFilters();
        this.tokenPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL) + "-";
        transport.addConnectionListener(connectionListener);
    }

    /**
     * Sends a request and returns its reply.
     *
     * @param operation the operation
     * @param request the request (validated here; never changed)
     * @param timeout the timeout, or {@code null} for the engine's default
     * @param <Q> the request type
     * @param <R> the reply type
     * @return completes with the accepted reply on the executor, or fails as described in the class Javadoc
     * @throws NullPointerException if a required argument or field is null
     * @throws IllegalArgumentException if a field breaks the service's rules, or the caller's client token is
     *     already used by a request still waiting for its reply
     */
    public <Q extends JobsRequest, R extends JobsResponse> CompletableFuture<R> request(Operation<Q, R> operation,
            Q request, Duration timeout) {
        Objects.requireNonNull(operation, "operation");
        operation.validate(request, options.limits);
        Duration limit = timeout == null ? options.defaultTimeout : positive(timeout, "timeout");
        String token = request.clientToken().orElse(null);
        Q toSend = request;
        if (token == null) {
            token = tokenPrefix + Long.toString(tokenCounter.incrementAndGet(), 36);
            toSend = operation.withClientToken(request, token);
        }
        Pending<R> p = new Pending<>(operation, request.thingName(), operation.jobIdOf(request), token,
                operation.requestTopic(request), JobsJson.encode(toSend), limit);
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        if (pending.putIfAbsent(token, p) != null) {
            throw new IllegalArgumentException("clientToken: a request with token \"" + token
                    + "\" is still waiting for its reply");
        }
        p.future.whenComplete((r, e) -> {
            if (p.future.isCancelled()) {
                finish(p);
            }
        });
        try {
            p.timeoutTask = timer.schedule(() -> fail(p, new JobsTimeoutException(operation.name(), p.topic, p.token,
                    limit)), limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(p, closedException());
            return p.future;
        }
        filters.acquire(operation.replyFilter(p.thingName, null), p);
        return p.future;
    }

    /** The filter is subscribed: publish. */
    private void publish(Pending<?> p) {
        synchronized (p) {
            if (p.done) {
                return;
            }
            p.stage = Stage.PUBLISHING;
        }
        transport.publish(p.topic, p.payload, Qos.AT_LEAST_ONCE).whenComplete((v, e) -> {
            if (e != null) {
                fail(p, e);
            } else {
                synchronized (p) {
                    if (p.stage == Stage.PUBLISHING) {
                        p.stage = Stage.SENT;
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------ replies

    private void onReply(String topic, byte[] payload) {
        TopicRef ref = Topics.parse(topic).orElse(null);
        if (ref == null || ref.kind() != TopicRef.Kind.REPLY) {
            return;
        }
        Operation<?, ?> operation = ref.operation();
        boolean accepted = ref.replyKind() == ReplyKind.ACCEPTED;
        JobsResponse reply;
        try {
            Class<? extends JobsResponse> type = accepted ? operation.responseType() : RejectedError.class;
            reply = JobsJson.decode(topic, payload, type);
        } catch (JobsDecodeException e) {
            Pending<?> owner = byToken(JobsJson.peekClientToken(payload), operation);
            if (owner == null) {
                owner = soleCandidate(ref);
            }
            if (owner != null) {
                fail(owner, e);
            } else {
                LOG.warn("undecodable reply on {} matches no single request: {}", topic, e.getMessage());
            }
            return;
        }
        Pending<?> p = byToken(reply.clientToken().orElse(null), operation);
        if (p == null && !accepted && reply.clientToken().isEmpty()) {
            p = soleCandidate(ref);
            if (p == null) {
                LOG.warn("rejection without client token on {} ({}) matches no single request in flight", topic,
                        ((RejectedError) reply).rawCode().orElse("no code"));
                return;
            }
        }
        if (p == null) {
            LOG.debug("reply on {} with client token {} matches no request of this client", topic,
                    reply.clientToken().orElse("(none)"));
            return;
        }
        if (accepted) {
            complete(p, reply);
        } else {
            fail(p, new JobsRejectedException(operation.name(), topic, (RejectedError) reply));
        }
    }

    private Pending<?> byToken(String token, Operation<?, ?> operation) {
        if (token == null) {
            return null;
        }
        Pending<?> p = pending.get(token);
        return p != null && p.operation == operation ? p : null;
    }

    private Pending<?> soleCandidate(TopicRef ref) {
        Pending<?> found = null;
        for (Pending<?> p : pending.values()) {
            boolean sameTopic = p.operation == ref.operation() && p.thingName.equals(ref.thingName())
                    && (ref.jobId() == null || ref.jobId().equals(p.jobId));
            if (sameTopic && p.stage == Stage.SENT) {
                if (found != null) {
                    return null;
                }
                found = p;
            }
        }
        return found;
    }

    private void failSent(Throwable cause) {
        for (Pending<?> p : pending.values()) {
            if (p.stage == Stage.SENT) {
                fail(p, new JobsTransportException("connection lost while " + p.operation.name() + " (" + p.topic
                        + ", clientToken " + p.token + ") waited for its reply; the service may or may not have "
                        + "carried it out", p.topic, null, true, cause));
            }
        }
    }

    // --------------------------------------------------------------------------------- completion

    @SuppressWarnings("unchecked")
    private <R> void complete(Pending<R> p, Object value) {
        if (finish(p)) {
            deliver(() -> p.future.complete((R) value));
        }
    }

    private void fail(Pending<?> p, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof JobsException)) {
            cause = new JobsTransportException(p.operation.name() + " failed: " + cause, p.topic, null, false, cause);
        }
        Throwable failure = cause;
        if (finish(p)) {
            deliver(() -> p.future.completeExceptionally(failure));
        }
    }

    private void deliver(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    /** Forgets a request once; returns whether this call did it. */
    private boolean finish(Pending<?> p) {
        boolean acquired;
        synchronized (p) {
            if (p.done) {
                return false;
            }
            p.done = true;
            acquired = p.stage != Stage.WAITING_FOR_FILTER;
        }
        pending.remove(p.token, p);
        ScheduledFuture<?> task = p.timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
        String filter = p.operation.replyFilter(p.thingName, null);
        if (acquired) {
            filters.release(filter);
        } else {
            filters.abandon(p);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------- closing

    /**
     * The reply filters held now (for tests and diagnostics).
     *
     * @return the filters
     */
    public List<String> warmFilters() {
        return filters.names();
    }

    /**
     * The number of requests waiting for a reply.
     *
     * @return the count
     */
    public int inFlight() {
        return pending.size();
    }

    /**
     * Fails every request with {@link JobsClientClosedException} and releases every filter. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.removeConnectionListener(connectionListener);
        for (Pending<?> p : new ArrayList<>(pending.values())) {
            fail(p, closedException());
        }
        filters.releaseAll();
    }

    private JobsClientClosedException closedException() {
        return new JobsClientClosedException("the Jobs client was closed");
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": must be positive, got " + value);
        }
        return value;
    }

    // ------------------------------------------------------------------------------------- internals

    private static final class Pending<R> {
        final Operation<?, ?> operation;
        final String thingName;
        final String jobId;
        final String token;
        final String topic;
        final byte[] payload;
        final Duration timeout;
        final CompletableFuture<R> future = new CompletableFuture<>();
        volatile Stage stage = Stage.WAITING_FOR_FILTER;
        volatile ScheduledFuture<?> timeoutTask;
        boolean done;

        Pending(Operation<?, ?> operation, String thingName, String jobId, String token, String topic,
                byte[] payload, Duration timeout) {
            this.operation = operation;
            this.thingName = thingName;
            this.jobId = jobId;
            this.token = token;
            this.topic = topic;
            this.payload = payload;
            this.timeout = timeout;
        }
    }

    /** The warm reply filters with their budget, LRU eviction, waiting requests and linger. */
    private final class WarmFilters {
        private final Object lock = new Object();
        private final Map<String, Warm> held = new HashMap<>();
        private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();

        void acquire(String filter, Pending<?> p) {
            List<Warm> evicted = new ArrayList<>();
            Warm warm;
            boolean subscribe = false;
            synchronized (lock) {
                warm = held.get(filter);
                if (warm == null) {
                    if (held.size() >= options.subscriptionBudget) {
                        Warm idle = leastRecentlyUsedIdle();
                        if (idle == null) {
                            waiting.addLast(p);
                            return;
                        }
                        evict(idle, evicted);
                    }
                    warm = new Warm(filter);
                    held.put(filter, warm);
                    subscribe = true;
                }
                warm.refs++;
            }
            grant(warm, p, subscribe);
            evicted.forEach(Warm::unsubscribe);
        }

        private void grant(Warm warm, Pending<?> p, boolean subscribe) {
            synchronized (p) {
                if (p.done) {
                    release(warm.filter);
                    return;
                }
                p.stage = Stage.SUBSCRIBING;
            }
            if (subscribe) {
                warm.subscribe();
            }
            warm.ready.whenComplete((v, e) -> {
                if (e != null) {
                    fail(p, e);
                } else {
                    publish(p);
                }
            });
        }

        void release(String filter) {
            List<Warm> evicted = new ArrayList<>();
            List<Object[]> grants = new ArrayList<>();
            synchronized (lock) {
                Warm warm = held.get(filter);
                if (warm == null) {
                    return;
                }
                warm.refs--;
                warm.lastUsed = System.nanoTime();
                if (warm.refs > 0) {
                    return;
                }
                // hand the freed slot to requests waiting for a filter
                while (!waiting.isEmpty()) {
                    Pending<?> next = waiting.pollFirst();
                    String wanted = next.operation.replyFilter(next.thingName, null);
                    Warm target = held.get(wanted);
                    boolean subscribe = false;
                    if (target == null) {
                        Warm idle = leastRecentlyUsedIdle();
                        if (idle == null) {
                            waiting.addFirst(next);
                            break;
                        }
                        evict(idle, evicted);
                        target = new Warm(wanted);
                        held.put(wanted, target);
                        subscribe = true;
                    }
                    target.refs++;
                    grants.add(new Object[] {target, next, subscribe});
                    // every other waiter for the same filter joins it now instead of waiting its turn
                    for (Iterator<Pending<?>> it = waiting.iterator(); it.hasNext(); ) {
                        Pending<?> other = it.next();
                        if (other.operation.replyFilter(other.thingName, null).equals(wanted)) {
                            it.remove();
                            target.refs++;
                            grants.add(new Object[] {target, other, false});
                        }
                    }
                }
                if (warm.refs == 0 && held.get(filter) == warm) {
                    scheduleLinger(warm);
                }
            }
            evicted.forEach(Warm::unsubscribe);
            for (Object[] g : grants) {
                grant((Warm) g[0], (Pending<?>) g[1], (Boolean) g[2]);
            }
        }

        void abandon(Pending<?> p) {
            synchronized (lock) {
                waiting.remove(p);
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

        private void evict(Warm warm, List<Warm> evicted) {
            held.remove(warm.filter);
            warm.evicted = true;
            evicted.add(warm);
        }

        private void scheduleLinger(Warm warm) {
            if (warm.lingerScheduled || closed) {
                return;
            }
            warm.lingerScheduled = true;
            try {
                warm.lingerTask = timer.schedule(() -> lingerCheck(warm), options.linger.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                warm.lingerScheduled = false;
            }
        }

        private void lingerCheck(Warm warm) {
            boolean evict = false;
            synchronized (lock) {
                warm.lingerScheduled = false;
                if (held.get(warm.filter) != warm || warm.refs > 0) {
                    return;
                }
                long idleNanos = System.nanoTime() - warm.lastUsed;
                if (idleNanos >= options.linger.toNanos()) {
                    held.remove(warm.filter);
                    warm.evicted = true;
                    evict = true;
                } else {
                    scheduleLinger(warm);
                }
            }
            if (evict) {
                warm.unsubscribe();
            }
        }

        List<String> names() {
            synchronized (lock) {
                return List.copyOf(held.keySet());
            }
        }

        void releaseAll() {
            List<Warm> all;
            synchronized (lock) {
                all = new ArrayList<>(held.values());
                held.clear();
                for (Iterator<Pending<?>> it = waiting.iterator(); it.hasNext(); ) {
                    it.next();
                    it.remove();
                }
            }
            all.forEach(w -> {
                w.evicted = true;
                // the timer may be shared with other clients: do not leave this client's checks on it
                ScheduledFuture<?> linger = w.lingerTask;
                if (linger != null) {
                    linger.cancel(false);
                }
                w.unsubscribe();
            });
        }
    }

    /** One warm reply filter. */
    private final class Warm {
        final String filter;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        int refs;
        long lastUsed = System.nanoTime();
        boolean lingerScheduled;
        volatile ScheduledFuture<?> lingerTask;
        volatile boolean evicted;
        volatile TransportSubscription subscription;

        Warm(String filter) {
            this.filter = filter;
        }

        void subscribe() {
            transport.subscribe(filter, SubscribeOptions.QOS1, replyListener)
                    .whenComplete((sub, e) -> {
                        if (e != null) {
                            synchronized (filters.lock) {
                                if (filters.held.get(filter) == this) {
                                    filters.held.remove(filter);
                                }
                            }
                            ready.completeExceptionally(e);
                            return;
                        }
                        subscription = sub;
                        if (evicted) {
                            sub.unsubscribe();
                        }
                        ready.complete(null);
                    });
        }

        void unsubscribe() {
            TransportSubscription sub = subscription;
            if (sub != null) {
                sub.unsubscribe();
            }
        }
    }
}
