package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.JobsTimer;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.ConnectionListener;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportFailures;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.internal.protocol.TopicRef;
import io.iotjobs.internal.protocol.Topics;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.RejectedError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
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
                throw new IllegalArgumentException("subscriptionBudget: must be at least 1, got " + subscriptionBudget);
            }
            this.subscriptionBudget = subscriptionBudget;
            this.linger = positive(linger, "linger");
            this.limits = Objects.requireNonNull(limits, "limits");
        }
    }

    private static final String ACCEPTED_SUFFIX = "/" + ReplyKind.ACCEPTED.suffix();
    private static final String REJECTED_SUFFIX = "/" + ReplyKind.REJECTED.suffix();
    /** Fails a publish taken back from the connection's queue; nobody sees it but the queue. */
    private static final CancellationException WITHDRAWN =
            new CancellationException("the request ended before its publish was sent");

    /** Where a request stands. */
    private enum Stage {
        WAITING_FOR_FILTER,
        SUBSCRIBING,
        PUBLISHING,
        SENT
    }

    private final Transport transport;
    private final Executor executor;
    private final JobsTimer deadlines;
    private final Options options;
    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();
    private final ReplyFilters filters;
    private final String tokenPrefix;
    private final AtomicLong tokenCounter = new AtomicLong();
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
     * @param timer for lingering filters, and for timeouts unless {@code deadlines} is given
     * @param options the settings
     */
    public RequestEngine(Transport transport, Executor executor, ScheduledExecutorService timer, Options options) {
        this(transport, executor, timer, null, options);
    }

    /**
     * Creates an engine on a transport whose request deadlines run on a timer of the caller's.
     *
     * @param transport the MQTT transport
     * @param executor where futures complete
     * @param timer for lingering filters
     * @param deadlines for request timeouts, or {@code null} for {@code timer} and the system clock
     * @param options the settings
     */
    public RequestEngine(
            Transport transport,
            Executor executor,
            ScheduledExecutorService timer,
            JobsTimer deadlines,
            Options options) {
        this.transport = transport;
        this.executor = executor;
        this.deadlines = deadlines != null ? deadlines : SystemTimer.over(timer);
        this.options = options;
        this.filters = new ReplyFilters(transport, timer, options.subscriptionBudget, options.linger, this::onReply);
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
    public <Q extends JobsRequest, R extends JobsResponse> CompletableFuture<R> request(
            Operation<Q, R> operation, Q request, Duration timeout) {
        Objects.requireNonNull(operation, "operation");
        operation.validate(request, options.limits);
        Duration limit = timeout == null ? options.defaultTimeout : positive(timeout, "timeout");
        String token = request.clientToken().orElse(null);
        Q toSend = request;
        if (token == null) {
            token = tokenPrefix + Long.toString(tokenCounter.incrementAndGet(), 36);
            toSend = operation.withClientToken(request, token);
        }
        Pending<R> p = new Pending<>(
                operation,
                request.thingName(),
                operation.jobIdOf(request),
                token,
                operation.requestTopic(request),
                JobsJson.encode(toSend));
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        if (pending.putIfAbsent(token, p) != null) {
            throw new IllegalArgumentException(
                    "clientToken: a request with token \"" + token + "\" is still waiting for its reply");
        }
        p.future.whenComplete((r, e) -> {
            if (p.future.isCancelled()) {
                finish(p);
            }
        });
        try {
            p.timeoutTask = deadlines.schedule(
                    limit, () -> fail(p, new JobsTimeoutException(operation.name(), p.topic, p.token, limit)));
        } catch (RejectedExecutionException e) {
            fail(p, closedException());
            return p.future;
        }
        filters.admit(p);
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
        CompletableFuture<Void> sent = transport.publish(p.topic, p.payload, Qos.AT_LEAST_ONCE);
        p.sent = sent;
        if (p.done) {
            // ended (timed out, cancelled, closed) while the publish was being handed over
            withdraw(sent);
        }
        sent.whenComplete((v, e) -> {
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

    /** A reply on one of the operation's filters (the filter says which operation; the topic's end says the kind). */
    private void onReply(Operation<?, ?> operation, String topic, byte[] payload) {
        boolean accepted = topic.endsWith(ACCEPTED_SUFFIX);
        if (!accepted && !topic.endsWith(REJECTED_SUFFIX)) {
            return;
        }
        JobsResponse reply;
        try {
            Class<? extends JobsResponse> type = accepted ? operation.responseType() : RejectedError.class;
            reply = JobsJson.decode(topic, payload, type);
        } catch (JobsDecodeException e) {
            Pending<?> owner = byToken(JobsJson.peekClientToken(payload), operation);
            if (owner == null) {
                owner = soleCandidate(operation, topic);
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
            p = soleCandidate(operation, topic);
            if (p == null) {
                LOG.warn(
                        "rejection without client token on {} ({}) matches no single request in flight",
                        topic,
                        ((RejectedError) reply).rawCode().orElse("no code"));
                return;
            }
        }
        if (p == null) {
            LOG.debug(
                    "reply on {} with client token {} matches no request of this client",
                    topic,
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

    /** The one request sent on the reply's topic, for a reply that carries no usable client token. */
    private Pending<?> soleCandidate(Operation<?, ?> operation, String topic) {
        TopicRef ref = Topics.parse(topic).orElse(null);
        if (ref == null || ref.kind() != TopicRef.Kind.REPLY) {
            return null;
        }
        Pending<?> found = null;
        for (Pending<?> p : pending.values()) {
            boolean sameTopic = p.operation == operation
                    && p.thingName.equals(ref.thingName())
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
                fail(
                        p,
                        new JobsTransportException(
                                "connection lost while " + p.operation.name() + " (" + p.topic
                                        + ", clientToken " + p.token
                                        + ") waited for its reply; the service may or may not have "
                                        + "carried it out",
                                p.topic,
                                null,
                                true,
                                cause));
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
        JobsException failure = TransportFailures.toJobsException(error, p.operation.name(), p.topic);
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

    /**
     * Takes a request's publish back if it still waits for the connection or the window: a request that timed out
     * offline must not reach the service after the reconnect. Failing the publish's future is how the connection's
     * queue is told; a publish already on the wire is not affected.
     */
    private static void withdraw(CompletableFuture<Void> sent) {
        if (!sent.isDone()) {
            sent.completeExceptionally(WITHDRAWN);
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
        CompletableFuture<Void> sent = p.sent;
        if (sent != null) {
            withdraw(sent);
        }
        JobsTimer.Cancellable task = p.timeoutTask;
        if (task != null) {
            task.cancel();
        }
        if (acquired) {
            filters.release(p.key);
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

    /** One request, from admission to its reply. */
    private final class Pending<R> implements ReplyFilters.Request {
        final Operation<?, ?> operation;
        final String thingName;
        final String jobId;
        final String token;
        final String topic;
        final byte[] payload;
        final ReplyFilters.Key key;
        final CompletableFuture<R> future = new CompletableFuture<>();
        volatile Stage stage = Stage.WAITING_FOR_FILTER;
        volatile JobsTimer.Cancellable timeoutTask;
        volatile CompletableFuture<Void> sent;
        volatile boolean done;

        Pending(Operation<?, ?> operation, String thingName, String jobId, String token, String topic, byte[] payload) {
            this.operation = operation;
            this.thingName = thingName;
            this.jobId = jobId;
            this.token = token;
            this.topic = topic;
            this.payload = payload;
            this.key = new ReplyFilters.Key(operation, thingName);
        }

        @Override
        public ReplyFilters.Key key() {
            return key;
        }

        @Override
        public boolean granted(CompletableFuture<Void> ready) {
            synchronized (this) {
                if (done) {
                    return false;
                }
                stage = Stage.SUBSCRIBING;
            }
            ready.whenComplete((v, e) -> {
                if (e != null) {
                    fail(this, e);
                } else {
                    publish(this);
                }
            });
            return true;
        }
    }
}
