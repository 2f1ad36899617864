package io.iotjobs.v2;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsTimer;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.internal.engine.EventStream;
import io.iotjobs.internal.engine.JobsClientCore;
import io.iotjobs.internal.engine.StreamStatus;
import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The V2 (request/response) client of the AWS IoT Jobs device API: each operation returns a
 * {@link CompletableFuture} of its reply, and the notify / notify-next events come through
 * {@link StreamingOperation}s.
 *
 * <pre>{@code
 * try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
 *     StartNextJobExecutionResponse next = jobs.startNextPendingJobExecution(
 *             StartNextPendingJobExecutionRequest.builder().thingName("MyDevice").stepTimeoutInMinutes(15).build())
 *         .join();
 * }
 * }</pre>
 *
 * <p>The client correlates replies for you: each request gets a fresh client token unless you set one (your
 * request object is never changed). The reply topics are subscribed before the first request and kept
 * subscribed, so a request costs one MQTT publish.
 *
 * <h2>How futures complete</h2>
 * <ul>
 *   <li>With the accepted reply; or exceptionally with a {@link V2ServiceException} — always that type:
 *       {@link V2ServiceException#modeledError()} is the service's rejection when there was one, and
 *       {@code getCause()} the specific failure (rejected, timed out, transport failure with a known or
 *       unknown outcome, undecodable reply, client closed).</li>
 *   <li>Every request has a deadline: the client's operation timeout (default 30 s), or the one passed to
 *       the overload that takes a {@link Duration}.</li>
 *   <li>Cancelling a future forgets its request (a late reply is ignored).</li>
 *   <li>Requests made while the connection is down wait for it (within their deadline); requests waiting for
 *       their reply when the connection drops fail with an outcome-unknown transport error.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Futures complete, and stream listeners run, on the client's executor (default: a small daemon pool shared
 * by every client of the SDK), never on the MQTT library's thread. A continuation may issue another request
 * and even block on it: the default pool adds a thread while one of its threads waits on a future of this
 * client. Stream listeners of one stream run one at a time, in order. The client is thread-safe.
 *
 * <h2>Errors</h2>
 * Bad arguments throw at once ({@link NullPointerException}, {@link IllegalArgumentException} naming the
 * field); nothing is published.
 */
public final class IotJobsClientV2 implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IotJobsClientV2.class);

    private final JobsClientCore core;

    /**
     * A client with the defaults on a connection (which may be shared with other clients).
     *
     * @param connection the MQTT connection; connect it before or after creating the client
     */
    public IotJobsClientV2(MqttConnection connection) {
        this(builder(connection));
    }

    private IotJobsClientV2(Builder builder) {
        this.core = new JobsClientCore(
                JobsClientCore.transportOf(builder.connection),
                builder.executor,
                builder.timeout,
                builder.subscriptionBudget,
                builder.linger,
                builder.limits,
                builder.timer);
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
     * GetPendingJobExecutions: the thing's IN_PROGRESS and QUEUED executions.
     *
     * @param request the request
     * @return the reply, as described in the class Javadoc
     */
    public CompletableFuture<GetPendingJobExecutionsResponse> getPendingJobExecutions(
            GetPendingJobExecutionsRequest request) {
        return getPendingJobExecutions(request, null);
    }

    /**
     * GetPendingJobExecutions with its own timeout.
     *
     * @param request the request
     * @param timeout the deadline for the reply, or {@code null} for the client's default
     * @return the reply
     */
    public CompletableFuture<GetPendingJobExecutionsResponse> getPendingJobExecutions(
            GetPendingJobExecutionsRequest request, Duration timeout) {
        return mapped(core.request(Operation.GET_PENDING, request, timeout));
    }

    /**
     * StartNextPendingJobExecution: the next pending execution, moved from QUEUED to IN_PROGRESS (one already
     * IN_PROGRESS comes back unchanged). When nothing is pending the reply has no execution.
     *
     * @param request the request
     * @return the reply, as described in the class Javadoc
     */
    public CompletableFuture<StartNextJobExecutionResponse> startNextPendingJobExecution(
            StartNextPendingJobExecutionRequest request) {
        return startNextPendingJobExecution(request, null);
    }

    /**
     * StartNextPendingJobExecution with its own timeout.
     *
     * @param request the request
     * @param timeout the deadline for the reply, or {@code null} for the client's default
     * @return the reply
     */
    public CompletableFuture<StartNextJobExecutionResponse> startNextPendingJobExecution(
            StartNextPendingJobExecutionRequest request, Duration timeout) {
        return mapped(core.request(Operation.START_NEXT, request, timeout));
    }

    /**
     * DescribeJobExecution: one execution ({@code $next} for the next pending one; then the reply has no
     * execution when nothing is pending).
     *
     * @param request the request
     * @return the reply, as described in the class Javadoc
     */
    public CompletableFuture<DescribeJobExecutionResponse> describeJobExecution(DescribeJobExecutionRequest request) {
        return describeJobExecution(request, null);
    }

    /**
     * DescribeJobExecution with its own timeout.
     *
     * @param request the request
     * @param timeout the deadline for the reply, or {@code null} for the client's default
     * @return the reply
     */
    public CompletableFuture<DescribeJobExecutionResponse> describeJobExecution(
            DescribeJobExecutionRequest request, Duration timeout) {
        return mapped(core.request(Operation.DESCRIBE, request, timeout));
    }

    /**
     * UpdateJobExecution: reports progress (IN_PROGRESS) or the result (SUCCEEDED, FAILED, REJECTED).
     *
     * @param request the request
     * @return the reply, as described in the class Javadoc
     */
    public CompletableFuture<UpdateJobExecutionResponse> updateJobExecution(UpdateJobExecutionRequest request) {
        return updateJobExecution(request, null);
    }

    /**
     * UpdateJobExecution with its own timeout.
     *
     * @param request the request
     * @param timeout the deadline for the reply, or {@code null} for the client's default
     * @return the reply
     */
    public CompletableFuture<UpdateJobExecutionResponse> updateJobExecution(
            UpdateJobExecutionRequest request, Duration timeout) {
        return mapped(core.request(Operation.UPDATE, request, timeout));
    }

    /**
     * A stream of notify events: the thing's pending set changed (a full snapshot each time). Call
     * {@link StreamingOperation#open()} to start it. The service sends nothing on subscribe.
     *
     * @param request which thing
     * @param options the listeners
     * @return the stream, not open yet
     */
    public StreamingOperation createJobExecutionsChangedStream(
            JobExecutionsChangedSubscriptionRequest request, ServiceStreamOptions<JobExecutionsChangedEvent> options) {
        return stream(EventType.JOB_EXECUTIONS_CHANGED, request, options);
    }

    /**
     * A stream of notify-next events: the thing's next pending execution changed. Call
     * {@link StreamingOperation#open()} to start it. The service sends nothing on subscribe.
     *
     * @param request which thing
     * @param options the listeners
     * @return the stream, not open yet
     */
    public StreamingOperation createNextJobExecutionChangedStream(
            NextJobExecutionChangedSubscriptionRequest request,
            ServiceStreamOptions<NextJobExecutionChangedEvent> options) {
        return stream(EventType.NEXT_JOB_EXECUTION_CHANGED, request, options);
    }

    private <E> StreamingOperation stream(
            EventType<E> type, io.iotjobs.model.JobsSubscriptionRequest request, ServiceStreamOptions<E> options) {
        Objects.requireNonNull(options, "options");
        return new StreamingOperation(core.eventStream(
                type,
                request,
                EventStream.callbacks(
                        options.incomingEventListener(),
                        (status, cause) -> options.subscriptionStatusListener()
                                .accept(new SubscriptionStatusEvent(statusType(status), cause)),
                        failure -> {
                            if (options.deserializationFailureListener() != null) {
                                options.deserializationFailureListener().accept(failure);
                            } else {
                                LOG.warn("{}", failure.getMessage());
                            }
                        }),
                options.resync()));
    }

    private static SubscriptionStatusEventType statusType(StreamStatus status) {
        switch (status) {
            case ESTABLISHED:
                return SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED;
            case LOST:
                return SubscriptionStatusEventType.SUBSCRIPTION_LOST;
            default:
                return SubscriptionStatusEventType.SUBSCRIPTION_HALTED;
        }
    }

    /**
     * Fails pending requests (with a {@link V2ServiceException} caused by a
     * {@link io.iotjobs.core.JobsClientClosedException}) and halts and closes this client's streams; the SDK's
     * shared threads stop when the last client is closed. The connection stays open. Idempotent.
     */
    @Override
    public void close() {
        core.close();
    }

    /** Maps a core future to the V2 error rule, keeping cancellation connected. */
    static <T> CompletableFuture<T> mapped(CompletableFuture<T> source) {
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                // cancel this future first: cancelling the source completes it, and its completion must not
                // turn this future into a failed one before it is cancelled
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                source.cancel(mayInterruptIfRunning);
                return cancelled;
            }
        };
        source.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(V2ServiceException.of(error));
            }
        });
        return result;
    }

    /** Settings of an {@link IotJobsClientV2}. Not thread-safe. */
    public static final class Builder {
        private final MqttConnection connection;
        private Duration timeout = JobsClientCore.DEFAULT_TIMEOUT;
        private int subscriptionBudget = JobsClientCore.DEFAULT_SUBSCRIPTION_BUDGET;
        private Duration linger = JobsClientCore.DEFAULT_LINGER;
        private Executor executor;
        private JobsLimits limits = JobsLimits.DEFAULT;
        private JobsTimer timer;

        private Builder(MqttConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /**
         * The deadline of requests that do not give their own (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder operationTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "operationTimeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("operationTimeout: must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many reply-topic filters the client keeps subscribed at most (default 20; it needs up to one per
         * operation and thing). AWS IoT allows 50 subscriptions per connection, shared with your other
         * subscriptions and streams. When all are busy, a request for a new thing waits for one to go idle.
         *
         * @param budget at least 1
         * @return this builder
         */
        public Builder subscriptionBudget(int budget) {
            if (budget < 1) {
                throw new IllegalArgumentException("subscriptionBudget: must be at least 1, got " + budget);
            }
            this.subscriptionBudget = budget;
            return this;
        }

        /**
         * How long an unused reply filter stays subscribed (default 5 minutes).
         *
         * @param linger a positive duration
         * @return this builder
         */
        public Builder subscriptionLinger(Duration linger) {
            Objects.requireNonNull(linger, "subscriptionLinger");
            if (linger.isZero() || linger.isNegative()) {
                throw new IllegalArgumentException("subscriptionLinger: must be positive, got " + linger);
            }
            this.linger = linger;
            return this;
        }

        /**
         * Completes futures and runs stream listeners on your executor instead of the SDK's shared pool. The
         * executor must run tasks on threads other than the caller's; do not block inside callbacks if it has
         * a single thread.
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
         * Measures request deadlines on your clock and timer instead of the system clock and the SDK's timer
         * thread: a test (or the job agent, with its scheduler) then decides when a request times out, without
         * sleeping. The timer's tasks only fail the request; its future still completes on the client's executor.
         *
         * @param timer the clock and timer
         * @return this builder
         */
        public Builder timer(JobsTimer timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Creates the client.
         *
         * @return the client
         */
        public IotJobsClientV2 build() {
            return new IotJobsClientV2(this);
        }
    }
}
