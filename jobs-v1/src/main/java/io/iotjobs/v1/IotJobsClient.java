package io.iotjobs.v1;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.engine.JobsClientCore;
import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.DescribeJobExecutionSubscriptionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The V1 (callback) client of the AWS IoT Jobs device API: publish requests, and subscribe to the accepted
 * and rejected replies and to the notify and notify-next events, each with a callback.
 *
 * <pre>{@code
 * IotJobsClient jobs = new IotJobsClient(connection);
 * jobs.subscribeToStartNextPendingJobExecutionAccepted(
 *         StartNextPendingJobExecutionSubscriptionRequest.builder().thingName("MyDevice").build(),
 *         Qos.AT_LEAST_ONCE, reply -> reply.execution().ifPresent(this::run)).join();
 * jobs.publishStartNextPendingJobExecution(
 *         StartNextPendingJobExecutionRequest.builder().thingName("MyDevice").stepTimeoutInMinutes(10).build(),
 *         Qos.AT_LEAST_ONCE);
 * }</pre>
 *
 * <p>Correlation is yours: replies on the accepted and rejected topics carry the client token you set on the
 * request (if any). {@code IotJobsClientV2} (artifact {@code jobs-v2}) does the correlation for you and
 * returns each reply as a future; both clients can share one connection during a migration.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>Callbacks never run on the MQTT library's thread: they run on the client's executor (by default a
 *       small daemon pool shared by every client of the SDK; see {@link Builder#executor}). The callbacks of one
 *       subscription run one at a time, in arrival order; different subscriptions run in parallel.</li>
 *   <li>A callback may call any method of this client (the usual loop publishes from a callback), and may
 *       block on the returned futures: the default pool adds a thread while a callback blocks on one of them.
 *       With your own single-threaded executor, blocking inside a callback deadlocks.</li>
 *   <li>Returned futures complete on the client's executor. The client is thread-safe.</li>
 *   <li>Two subscriptions to the same topic both receive every message; nothing is silently replaced.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Bad arguments throw at once ({@link NullPointerException}, {@link IllegalArgumentException} naming the
 * field) and nothing is published. Asynchronous failures complete the future with a
 * {@link io.iotjobs.core.JobsException} subclass.
 */
public final class IotJobsClient implements AutoCloseable {

    private final JobsClientCore core;
    private final Duration ackTimeout;

    /**
     * A client with the defaults on a connection (which may be shared with other clients).
     *
     * @param connection the MQTT connection; connect it before or after creating the client
     */
    public IotJobsClient(MqttConnection connection) {
        this(builder(connection));
    }

    private IotJobsClient(Builder builder) {
        this.core = new JobsClientCore(
                JobsClientCore.transportOf(builder.connection),
                builder.executor,
                JobsClientCore.DEFAULT_TIMEOUT,
                JobsClientCore.DEFAULT_SUBSCRIPTION_BUDGET,
                JobsClientCore.DEFAULT_LINGER,
                builder.limits,
                null);
        this.ackTimeout = builder.ackTimeout;
    }

    /**
     * A builder for a client with non-default settings.
     *
     * @param connection the MQTT connection
     * @return the builder
     */
    public static Builder builder(MqttConnection connection) {
        return new Builder(connection);
    }

    /**
     * Publishes a GetPendingJobExecutions request: the thing's IN_PROGRESS and QUEUED executions. Topic {@code $aws/things/{thingName}/jobs/get}.
     * The reply comes on the accepted or rejected topic: subscribe with
     * {@link #subscribeToGetPendingJobExecutionsAccepted} and {@link #subscribeToGetPendingJobExecutionsRejected} first.
     *
     * @param request the request, published as it is (a client token only if you set one)
     * @param qos the QoS of the publish
     * @return completes on the client's executor when the broker acknowledged the publish (QoS 1) or it was
     *     written (QoS 0); fails with a {@link io.iotjobs.core.JobsTransportException}, also when neither happened
     *     within the {@linkplain Builder#ackTimeout acknowledgement timeout}
     * @throws NullPointerException if an argument or a required field is null
     * @throws IllegalArgumentException if a field breaks the service's rules (nothing is published)
     */
    public CompletableFuture<Void> publishGetPendingJobExecutions(GetPendingJobExecutionsRequest request, Qos qos) {
        return core.publish(Operation.GET_PENDING, request, qos, ackTimeout);
    }

    /**
     * Subscribes to the GetPendingJobExecutions accepted replies of a thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToGetPendingJobExecutionsAccepted(
            GetPendingJobExecutionsSubscriptionRequest request,
            Qos qos,
            Consumer<GetPendingJobExecutionsResponse> callback) {
        return core.subscribeAccepted(Operation.GET_PENDING, request, qos, callback, null);
    }

    /**
     * Subscribes to the GetPendingJobExecutions accepted replies of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToGetPendingJobExecutionsAccepted(
            GetPendingJobExecutionsSubscriptionRequest request,
            Qos qos,
            Consumer<GetPendingJobExecutionsResponse> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeAccepted(
                Operation.GET_PENDING,
                request,
                qos,
                callback,
                Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Subscribes to the GetPendingJobExecutions rejections of a thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToGetPendingJobExecutionsRejected(
            GetPendingJobExecutionsSubscriptionRequest request, Qos qos, Consumer<RejectedError> callback) {
        return core.subscribeRejected(Operation.GET_PENDING, request, qos, callback, null);
    }

    /**
     * Subscribes to the GetPendingJobExecutions rejections of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToGetPendingJobExecutionsRejected(
            GetPendingJobExecutionsSubscriptionRequest request,
            Qos qos,
            Consumer<RejectedError> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeRejected(
                Operation.GET_PENDING,
                request,
                qos,
                callback,
                Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Publishes a StartNextPendingJobExecution request: the next pending execution, moving it to IN_PROGRESS. Topic {@code $aws/things/{thingName}/jobs/start-next}.
     * The reply comes on the accepted or rejected topic: subscribe with
     * {@link #subscribeToStartNextPendingJobExecutionAccepted} and {@link #subscribeToStartNextPendingJobExecutionRejected} first.
     *
     * @param request the request, published as it is (a client token only if you set one)
     * @param qos the QoS of the publish
     * @return completes on the client's executor when the broker acknowledged the publish (QoS 1) or it was
     *     written (QoS 0); fails with a {@link io.iotjobs.core.JobsTransportException}, also when neither happened
     *     within the {@linkplain Builder#ackTimeout acknowledgement timeout}
     * @throws NullPointerException if an argument or a required field is null
     * @throws IllegalArgumentException if a field breaks the service's rules (nothing is published)
     */
    public CompletableFuture<Void> publishStartNextPendingJobExecution(
            StartNextPendingJobExecutionRequest request, Qos qos) {
        return core.publish(Operation.START_NEXT, request, qos, ackTimeout);
    }

    /**
     * Subscribes to the StartNextPendingJobExecution accepted replies of a thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToStartNextPendingJobExecutionAccepted(
            StartNextPendingJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<StartNextJobExecutionResponse> callback) {
        return core.subscribeAccepted(Operation.START_NEXT, request, qos, callback, null);
    }

    /**
     * Subscribes to the StartNextPendingJobExecution accepted replies of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToStartNextPendingJobExecutionAccepted(
            StartNextPendingJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<StartNextJobExecutionResponse> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeAccepted(
                Operation.START_NEXT,
                request,
                qos,
                callback,
                Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Subscribes to the StartNextPendingJobExecution rejections of a thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToStartNextPendingJobExecutionRejected(
            StartNextPendingJobExecutionSubscriptionRequest request, Qos qos, Consumer<RejectedError> callback) {
        return core.subscribeRejected(Operation.START_NEXT, request, qos, callback, null);
    }

    /**
     * Subscribes to the StartNextPendingJobExecution rejections of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToStartNextPendingJobExecutionRejected(
            StartNextPendingJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<RejectedError> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeRejected(
                Operation.START_NEXT,
                request,
                qos,
                callback,
                Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Publishes a DescribeJobExecution request: one execution (job id or {@code $next}). Topic {@code $aws/things/{thingName}/jobs/{jobId}/get}.
     * The reply comes on the accepted or rejected topic: subscribe with
     * {@link #subscribeToDescribeJobExecutionAccepted} and {@link #subscribeToDescribeJobExecutionRejected} first.
     *
     * @param request the request, published as it is (a client token only if you set one)
     * @param qos the QoS of the publish
     * @return completes on the client's executor when the broker acknowledged the publish (QoS 1) or it was
     *     written (QoS 0); fails with a {@link io.iotjobs.core.JobsTransportException}, also when neither happened
     *     within the {@linkplain Builder#ackTimeout acknowledgement timeout}
     * @throws NullPointerException if an argument or a required field is null
     * @throws IllegalArgumentException if a field breaks the service's rules (nothing is published)
     */
    public CompletableFuture<Void> publishDescribeJobExecution(DescribeJobExecutionRequest request, Qos qos) {
        return core.publish(Operation.DESCRIBE, request, qos, ackTimeout);
    }

    /**
     * Subscribes to the DescribeJobExecution accepted replies of a thing. For Describe and Update, a request without job id covers every job of the thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToDescribeJobExecutionAccepted(
            DescribeJobExecutionSubscriptionRequest request, Qos qos, Consumer<DescribeJobExecutionResponse> callback) {
        return core.subscribeAccepted(Operation.DESCRIBE, request, qos, callback, null);
    }

    /**
     * Subscribes to the DescribeJobExecution accepted replies of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToDescribeJobExecutionAccepted(
            DescribeJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<DescribeJobExecutionResponse> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeAccepted(
                Operation.DESCRIBE, request, qos, callback, Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Subscribes to the DescribeJobExecution rejections of a thing. For Describe and Update, a request without job id covers every job of the thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToDescribeJobExecutionRejected(
            DescribeJobExecutionSubscriptionRequest request, Qos qos, Consumer<RejectedError> callback) {
        return core.subscribeRejected(Operation.DESCRIBE, request, qos, callback, null);
    }

    /**
     * Subscribes to the DescribeJobExecution rejections of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToDescribeJobExecutionRejected(
            DescribeJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<RejectedError> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeRejected(
                Operation.DESCRIBE, request, qos, callback, Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Publishes a UpdateJobExecution request: a status change or progress report of an execution. Topic {@code $aws/things/{thingName}/jobs/{jobId}/update}.
     * The reply comes on the accepted or rejected topic: subscribe with
     * {@link #subscribeToUpdateJobExecutionAccepted} and {@link #subscribeToUpdateJobExecutionRejected} first.
     *
     * @param request the request, published as it is (a client token only if you set one)
     * @param qos the QoS of the publish
     * @return completes on the client's executor when the broker acknowledged the publish (QoS 1) or it was
     *     written (QoS 0); fails with a {@link io.iotjobs.core.JobsTransportException}, also when neither happened
     *     within the {@linkplain Builder#ackTimeout acknowledgement timeout}
     * @throws NullPointerException if an argument or a required field is null
     * @throws IllegalArgumentException if a field breaks the service's rules (nothing is published)
     */
    public CompletableFuture<Void> publishUpdateJobExecution(UpdateJobExecutionRequest request, Qos qos) {
        return core.publish(Operation.UPDATE, request, qos, ackTimeout);
    }

    /**
     * Subscribes to the UpdateJobExecution accepted replies of a thing. For Describe and Update, a request without job id covers every job of the thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToUpdateJobExecutionAccepted(
            UpdateJobExecutionSubscriptionRequest request, Qos qos, Consumer<UpdateJobExecutionResponse> callback) {
        return core.subscribeAccepted(Operation.UPDATE, request, qos, callback, null);
    }

    /**
     * Subscribes to the UpdateJobExecution accepted replies of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each accepted replie, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToUpdateJobExecutionAccepted(
            UpdateJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<UpdateJobExecutionResponse> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeAccepted(
                Operation.UPDATE, request, qos, callback, Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Subscribes to the UpdateJobExecution rejections of a thing. For Describe and Update, a request without job id covers every job of the thing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @return completes on SUBACK with the subscription (its topic, and {@code unsubscribe()})
     */
    public CompletableFuture<JobsSubscription> subscribeToUpdateJobExecutionRejected(
            UpdateJobExecutionSubscriptionRequest request, Qos qos, Consumer<RejectedError> callback) {
        return core.subscribeRejected(Operation.UPDATE, request, qos, callback, null);
    }

    /**
     * Subscribes to the UpdateJobExecution rejections of a thing, with a handler for payloads that cannot be decoded.
     *
     * @param request which thing (and job)
     * @param qos the subscription QoS
     * @param callback called with each rejection, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToUpdateJobExecutionRejected(
            UpdateJobExecutionSubscriptionRequest request,
            Qos qos,
            Consumer<RejectedError> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeRejected(
                Operation.UPDATE, request, qos, callback, Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Subscribes to the notify events (the thing's pending set changed; a full snapshot). Topic {@code $aws/things/{thingName}/jobs/notify}. The service sends nothing on subscribe: call
     * GetPendingJobExecutions or StartNext once after subscribing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing
     * @param qos the subscription QoS
     * @param callback called with each event, in order, on the client's executor
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToJobExecutionsChangedEvents(
            JobExecutionsChangedSubscriptionRequest request, Qos qos, Consumer<JobExecutionsChangedEvent> callback) {
        return core.subscribeEvents(EventType.JOB_EXECUTIONS_CHANGED, request, qos, callback, null);
    }

    /**
     * Subscribes to the notify events (the thing's pending set changed; a full snapshot), with a handler for payloads that cannot be decoded.
     *
     * @param request which thing
     * @param qos the subscription QoS
     * @param callback called with each event, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToJobExecutionsChangedEvents(
            JobExecutionsChangedSubscriptionRequest request,
            Qos qos,
            Consumer<JobExecutionsChangedEvent> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeEvents(
                EventType.JOB_EXECUTIONS_CHANGED,
                request,
                qos,
                callback,
                Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Subscribes to the notify-next events (the thing's next execution changed). Topic {@code $aws/things/{thingName}/jobs/notify-next}. The service sends nothing on subscribe: call
     * GetPendingJobExecutions or StartNext once after subscribing.
     * Decode failures are logged; use the overload with a decode-failure handler to receive them.
     *
     * @param request which thing
     * @param qos the subscription QoS
     * @param callback called with each event, in order, on the client's executor
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToNextJobExecutionChangedEvents(
            NextJobExecutionChangedSubscriptionRequest request,
            Qos qos,
            Consumer<NextJobExecutionChangedEvent> callback) {
        return core.subscribeEvents(EventType.NEXT_JOB_EXECUTION_CHANGED, request, qos, callback, null);
    }

    /**
     * Subscribes to the notify-next events (the thing's next execution changed), with a handler for payloads that cannot be decoded.
     *
     * @param request which thing
     * @param qos the subscription QoS
     * @param callback called with each event, in order, on the client's executor
     * @param onDecodeFailure called (in the same order, on the same executor) with payloads that cannot be decoded
     * @return completes on SUBACK with the subscription
     */
    public CompletableFuture<JobsSubscription> subscribeToNextJobExecutionChangedEvents(
            NextJobExecutionChangedSubscriptionRequest request,
            Qos qos,
            Consumer<NextJobExecutionChangedEvent> callback,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return core.subscribeEvents(
                EventType.NEXT_JOB_EXECUTION_CHANGED,
                request,
                qos,
                callback,
                Objects.requireNonNull(onDecodeFailure, "onDecodeFailure"));
    }

    /**
     * Stops every callback of this client and unsubscribes its subscriptions; the SDK's shared threads stop
     * when the last client is closed. The connection stays open. Idempotent.
     */
    @Override
    public void close() {
        core.close();
    }

    /** Settings of an {@link IotJobsClient}. Not thread-safe. */
    public static final class Builder {
        /** The default {@link #ackTimeout(Duration)}, in seconds. */
        public static final long DEFAULT_ACK_TIMEOUT_SECONDS = 30;

        private static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(DEFAULT_ACK_TIMEOUT_SECONDS);
        private final MqttConnection connection;
        private Executor executor;
        private JobsLimits limits = JobsLimits.DEFAULT;
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;

        private Builder(MqttConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /**
         * Runs callbacks and completes futures on your executor instead of the SDK's shared pool. The
         * executor must run tasks on threads other than the caller's.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Limits checked before publishing (default: the service's documented limits).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(JobsLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * How long a {@code publish...} future waits for the broker's PUBACK (QoS 1) or the write (QoS 0) before
         * it fails with a {@link io.iotjobs.core.JobsTransportException} whose outcome is unknown (default
         * {@value #DEFAULT_ACK_TIMEOUT_SECONDS} s). The time counts from the call, so it includes waiting for the
         * connection: a publish still queued when it runs out is dropped and never sent.
         *
         * @param timeout at least 1 ms
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder ackTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "ackTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("ackTimeout: must be positive, got " + timeout);
            }
            this.ackTimeout = timeout;
            return this;
        }

        /**
         * Creates the client.
         *
         * @return the client
         */
        public IotJobsClient build() {
            return new IotJobsClient(this);
        }
    }
}
