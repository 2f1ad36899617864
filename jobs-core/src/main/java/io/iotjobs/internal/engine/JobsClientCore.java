package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.JobsTimer;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportFailures;
import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import io.iotjobs.model.JobsSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a Jobs client does, for both facades: V1 ({@code publish}, {@code subscribe...}) and V2
 * ({@code request}, {@code eventStream}) are thin views over one core. Each facade method checks its
 * arguments and makes one call here.
 *
 * <p>Owns the client's threads (unless the user gave an executor), a {@link RequestEngine} and a
 * {@link StreamEngine}. Thread-safe.
 */
public final class JobsClientCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobsClientCore.class);

    /** Default timeout of a request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of warm reply filters (AWS IoT allows 50 subscriptions per connection). */
    public static final int DEFAULT_SUBSCRIPTION_BUDGET = 20;
    /** Default time an idle reply filter stays subscribed. */
    public static final Duration DEFAULT_LINGER = Duration.ofMinutes(5);

    private final Transport transport;
    private final ClientThreads threads;
    private final RequestEngine requests;
    private final StreamEngine streams;
    private final JobsLimits limits;
    private final JobsTimer deadlines;
    private volatile boolean closed;

    /**
     * Creates a core on a transport.
     *
     * @param transport the MQTT transport
     * @param executor the user's executor, or {@code null} for the default pool
     * @param timeout default request timeout
     * @param subscriptionBudget most warm reply filters
     * @param linger how long idle reply filters stay subscribed
     * @param limits field limits
     * @param deadlines where request deadlines are measured, or {@code null} for the system clock
     */
    public JobsClientCore(
            Transport transport,
            Executor executor,
            Duration timeout,
            int subscriptionBudget,
            Duration linger,
            JobsLimits limits,
            JobsTimer deadlines) {
        this.transport = Objects.requireNonNull(transport, "connection");
        this.limits = Objects.requireNonNull(limits, "limits");
        RequestEngine.Options options = new RequestEngine.Options(timeout, subscriptionBudget, linger, limits);
        this.threads = new ClientThreads(executor);
        this.deadlines = deadlines != null ? deadlines : SystemTimer.over(threads.timer());
        this.requests = new RequestEngine(transport, threads.executor(), threads.timer(), this.deadlines, options);
        this.streams = new StreamEngine(transport, threads.executor());
    }

    /**
     * The transport of a public connection.
     *
     * @param connection the connection
     * @return its transport
     */
    public static Transport transportOf(MqttConnection connection) {
        return ConnectionAccess.transport(connection);
    }

    // ------------------------------------------------------------------------------------------ V2

    /**
     * Sends a request and returns its reply (see {@link RequestEngine}).
     *
     * @param operation the operation
     * @param request the request
     * @param timeout the timeout, or {@code null} for the default
     * @param <Q> the request type
     * @param <R> the reply type
     * @return the reply future, completed on the client's executor
     */
    public <Q extends JobsRequest, R extends JobsResponse> CompletableFuture<R> request(
            Operation<Q, R> operation, Q request, Duration timeout) {
        // the engine is the gate: it validates, then refuses once this client (and so the engine) is closed
        return requests.request(operation, request, timeout);
    }

    /**
     * Creates an event stream (not open yet).
     *
     * @param type notify or notify-next
     * @param request the thing
     * @param callbacks what to call
     * @param resync whether to fetch the current state after each re-established subscription
     * @param <E> the event type
     * @return the stream
     */
    public <E> EventStream<E> eventStream(
            EventType<E> type, JobsSubscriptionRequest request, EventStream.Callbacks<E> callbacks, boolean resync) {
        Objects.requireNonNull(type, "type");
        String thing = thingOf(request);
        Objects.requireNonNull(callbacks, "callbacks");
        return new EventStream<>(streams, this, type, thing, callbacks, resync);
    }

    // ------------------------------------------------------------------------------------------ V1

    /**
     * Publishes a request without waiting for its reply (the caller subscribes to the replies).
     *
     * @param operation the operation
     * @param request the request, published as it is (a client token only if the caller set one)
     * @param qos the QoS
     * @param <Q> the request type
     * @return completes on the client's executor when sent (QoS 0) or acknowledged (QoS 1)
     */
    public <Q extends JobsRequest> CompletableFuture<Void> publish(Operation<Q, ?> operation, Q request, Qos qos) {
        return publish(operation, request, qos, null);
    }

    /**
     * Publishes a request without waiting for its reply, failing the future if the publish is not written (QoS 0)
     * or acknowledged (QoS 1) within {@code ackTimeout}: a publish still waiting for the connection is then
     * dropped (never sent); one in flight has an unknown outcome.
     *
     * @param operation the operation
     * @param request the request, published as it is (a client token only if the caller set one)
     * @param qos the QoS
     * @param ackTimeout how long to wait, or {@code null} for as long as it takes
     * @param <Q> the request type
     * @return completes on the client's executor when sent (QoS 0) or acknowledged (QoS 1); fails with a
     *     {@link io.iotjobs.core.JobsTransportException} (outcome unknown) when the time runs out
     */
    public <Q extends JobsRequest> CompletableFuture<Void> publish(
            Operation<Q, ?> operation, Q request, Qos qos, Duration ackTimeout) {
        operation.validate(request, limits);
        Objects.requireNonNull(qos, "qos");
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        String topic = operation.requestTopic(request);
        CompletableFuture<Void> sent = transport.publish(topic, JobsJson.encode(request), qos);
        if (ackTimeout != null && !sent.isDone()) {
            JobsTimer.Cancellable timeout = deadlines.schedule(
                    ackTimeout,
                    () -> sent.completeExceptionally(new JobsTransportException(
                            operation.name() + ": publish to " + topic + " not "
                                    + (qos == Qos.AT_MOST_ONCE ? "written" : "acknowledged (no PUBACK)") + " within "
                                    + ackTimeout.toMillis() + " ms; its outcome is unknown",
                            topic,
                            null,
                            true,
                            null)));
            sent.whenComplete((v, e) -> timeout.cancel());
        }
        return onExecutor(sent);
    }

    /**
     * Subscribes to an operation's accepted replies.
     *
     * @param operation the operation
     * @param request the thing, and the job for Describe and Update (absent: every job)
     * @param qos the QoS
     * @param handler called with each reply, in order, on the client's executor
     * @param onDecodeFailure called for payloads that cannot be decoded, or {@code null} to log them
     * @param <R> the reply type
     * @return completes with the subscription on SUBACK
     */
    public <R extends JobsResponse> CompletableFuture<JobsSubscription> subscribeAccepted(
            Operation<?, R> operation,
            JobsSubscriptionRequest request,
            Qos qos,
            Consumer<? super R> handler,
            Consumer<? super JobsDecodeException> onDecodeFailure) {
        return subscribe(
                replyTopic(operation, request, ReplyKind.ACCEPTED),
                operation.responseType(),
                null,
                qos,
                handler,
                onDecodeFailure);
    }

    /**
     * Subscribes to an operation's rejected replies.
     *
     * @param operation the operation
     * @param request the thing, and the job for Describe and Update (absent: every job)
     * @param qos the QoS
     * @param handler called with each rejection, in order, on the client's executor
     * @param onDecodeFailure called for payloads that cannot be decoded, or {@code null} to log them
     * @return completes with the subscription on SUBACK
     */
    public CompletableFuture<JobsSubscription> subscribeRejected(
            Operation<?, ?> operation,
            JobsSubscriptionRequest request,
            Qos qos,
            Consumer<? super RejectedError> handler,
            Consumer<? super JobsDecodeException> onDecodeFailure) {
        return subscribe(
                replyTopic(operation, request, ReplyKind.REJECTED),
                RejectedError.class,
                null,
                qos,
                handler,
                onDecodeFailure);
    }

    /**
     * Subscribes to an event topic.
     *
     * @param type notify or notify-next
     * @param request the thing
     * @param qos the QoS
     * @param handler called with each event, in order, on the client's executor
     * @param onDecodeFailure called for payloads that cannot be decoded, or {@code null} to log them
     * @param <E> the event type
     * @return completes with the subscription on SUBACK
     */
    public <E> CompletableFuture<JobsSubscription> subscribeEvents(
            EventType<E> type,
            JobsSubscriptionRequest request,
            Qos qos,
            Consumer<? super E> handler,
            Consumer<? super JobsDecodeException> onDecodeFailure) {
        return subscribe(
                type.topic(thingOf(request)), type.eventType(), type.dedupeKey(), qos, handler, onDecodeFailure);
    }

    private String replyTopic(Operation<?, ?> operation, JobsSubscriptionRequest request, ReplyKind kind) {
        String thing = thingOf(request);
        String jobId = null;
        if (operation.hasJobId() && request.jobId().isPresent()) {
            jobId = Validation.jobId("jobId", request.jobId().get(), operation.nextAliasAllowed());
        }
        return operation.replyTopic(thing, jobId, kind);
    }

    private <T> CompletableFuture<JobsSubscription> subscribe(
            String topic,
            Class<T> type,
            Function<? super T, Object> dedupeKey,
            Qos qos,
            Consumer<? super T> handler,
            Consumer<? super JobsDecodeException> onDecodeFailure) {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(handler, "callback");
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        StreamEngine.Subscription<T> subscription = streams.open(topic, qos, type, dedupeKey, new StreamListener<T>() {
            @Override
            public void onEvent(String t, T event) {
                handler.accept(event);
            }

            @Override
            public void onDecodeFailure(JobsDecodeException failure) {
                if (onDecodeFailure != null) {
                    onDecodeFailure.accept(failure);
                } else {
                    LOG.warn("{}", failure.getMessage());
                }
            }
        });
        return onExecutor(subscription.ready()).thenApply(v -> subscription);
    }

    private static String thingOf(JobsSubscriptionRequest request) {
        Objects.requireNonNull(request, "request");
        return Validation.thingName("thingName", request.thingName());
    }

    // ----------------------------------------------------------------------------------- plumbing

    private <T> CompletableFuture<T> onExecutor(CompletableFuture<T> source) {
        CompletableFuture<T> result = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            Runnable completion = error == null
                    ? () -> result.complete(value)
                    : () -> result.completeExceptionally(TransportFailures.toJobsException(error, "request", null));
            try {
                threads.executor().execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run();
            }
        });
        return result;
    }

    private JobsClientClosedException closedException() {
        return new JobsClientClosedException("the Jobs client was closed");
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The request engine (for tests and diagnostics).
     *
     * @return the engine
     */
    public RequestEngine requests() {
        return requests;
    }

    /**
     * Fails pending requests with {@link JobsClientClosedException}, closes streams and subscriptions (their
     * listeners see HALTED), and stops the client's own threads. The connection stays open. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        requests.close();
        streams.close();
        threads.close();
    }
}
