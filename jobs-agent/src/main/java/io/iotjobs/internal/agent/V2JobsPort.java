package io.iotjobs.internal.agent;

import io.iotjobs.agent.AgentScheduler;
import io.iotjobs.core.JobsTimer.Cancellable;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobsPort} over an {@link IotJobsClientV2}. Each request's deadline is measured on the agent's time
 * source: a client the agent made for itself measures it there already (the agent's scheduler is its
 * {@link io.iotjobs.core.JobsTimer}); for a client the user gave, whose deadlines may run on the system clock, the
 * port arms one on the agent's scheduler and cancels the client's request when it passes.
 */
public final class V2JobsPort implements JobsPort {

    private static final Logger LOG = LoggerFactory.getLogger(V2JobsPort.class);

    private final IotJobsClientV2 client;
    private final boolean ownsClient;
    private final MqttConnection connection;
    private final AgentScheduler scheduler;
    private final Duration requestTimeout;
    private MqttConnectionListener reconnects;

    /**
     * Creates the port.
     *
     * @param client the client
     * @param ownsClient whether the agent made the client, on its own scheduler (then {@link #close()} closes it, and
     *     the client measures the deadlines itself)
     * @param connection the client's connection, for reconnect news, or {@code null}
     * @param scheduler the agent's time source
     * @param requestTimeout the deadline of every request
     */
    public V2JobsPort(
            IotJobsClientV2 client,
            boolean ownsClient,
            MqttConnection connection,
            AgentScheduler scheduler,
            Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.connection = connection;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public CompletableFuture<StartNextJobExecutionResponse> startNext(StartNextPendingJobExecutionRequest request) {
        return withDeadline("StartNext", timeout -> client.startNextPendingJobExecution(request, timeout));
    }

    @Override
    public CompletableFuture<UpdateJobExecutionResponse> update(UpdateJobExecutionRequest request) {
        return withDeadline("Update", timeout -> client.updateJobExecution(request, timeout));
    }

    @Override
    public CompletableFuture<DescribeJobExecutionResponse> describe(DescribeJobExecutionRequest request) {
        return withDeadline("Describe", timeout -> client.describeJobExecution(request, timeout));
    }

    @Override
    public CompletableFuture<GetPendingJobExecutionsResponse> getPending(GetPendingJobExecutionsRequest request) {
        return withDeadline("GetPending", timeout -> client.getPendingJobExecutions(request, timeout));
    }

    /**
     * Sends a request with a deadline on the agent's scheduler, armed before the request is sent. The client's
     * own deadline is set to the same duration; whichever passes first ends the request.
     */
    private <T> CompletableFuture<T> withDeadline(String operation, Function<Duration, CompletableFuture<T>> send) {
        if (ownsClient) {
            // the client's deadline runs on the agent's scheduler already; its futures fail unwrapped
            return send.apply(requestTimeout);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<T>> sent = new CompletableFuture<>();
        Cancellable deadline = scheduler.schedule(requestTimeout, () -> {
            if (result.completeExceptionally(new TimeoutException(operation + ": no reply within " + requestTimeout))) {
                sent.thenAccept(pending -> pending.cancel(false));
            }
        });
        CompletableFuture<T> future;
        try {
            future = send.apply(requestTimeout);
        } catch (RuntimeException e) {
            deadline.cancel();
            throw e;
        }
        sent.complete(future);
        future.whenComplete((value, error) -> {
            deadline.cancel();
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(Failure.unwrap(error));
            }
        });
        return result;
    }

    @Override
    public Streams openStreams(String thingName, StreamListener listener) {
        StreamingOperation next = client.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thingName)
                        .build(),
                options("notify-next", thingName, listener, listener::onNext));
        StreamingOperation notify = client.createJobExecutionsChangedStream(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(thingName)
                        .build(),
                options("notify", thingName, listener, listener::onChanged));
        CompletableFuture<Void> both;
        try {
            both = CompletableFuture.allOf(next.open(), notify.open());
        } catch (RuntimeException e) {
            both = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> opened = both;
        return new Streams() {
            @Override
            public CompletableFuture<Void> opened() {
                return opened;
            }

            @Override
            public void close() {
                next.close();
                notify.close();
            }
        };
    }

    private static <E> ServiceStreamOptions<E> options(
            String topic, String thing, StreamListener listener, Consumer<E> onEvent) {
        return ServiceStreamOptions.<E>builder(onEvent::accept)
                .subscriptionStatusListener(status ->
                        listener.onStatus(status(status), status.error().orElse(null)))
                .deserializationFailureListener(
                        failure -> LOG.warn("{}: undecodable {}: {}", thing, topic, failure.getMessage()))
                .build();
    }

    private static StreamStatus status(SubscriptionStatusEvent event) {
        switch (event.type()) {
            case SUBSCRIPTION_ESTABLISHED:
                return StreamStatus.ESTABLISHED;
            case SUBSCRIPTION_LOST:
                return StreamStatus.LOST;
            default:
                return StreamStatus.HALTED;
        }
    }

    @Override
    public synchronized void onReconnect(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (connection == null || reconnects != null) {
            return;
        }
        reconnects = new MqttConnectionListener() {
            @Override
            public void onConnected(boolean sessionPresent) {
                action.run();
            }

            @Override
            public void onResumed(boolean sessionPresent) {
                action.run();
            }
        };
        connection.addListener(reconnects);
    }

    @Override
    public synchronized void close() {
        if (ownsClient) {
            client.close();
        }
        if (connection != null && reconnects != null) {
            connection.removeListener(reconnects);
        }
    }
}
