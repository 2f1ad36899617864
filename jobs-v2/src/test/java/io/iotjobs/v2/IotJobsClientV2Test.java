package io.iotjobs.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ManagedConnection;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Argument checks of every public method of {@link IotJobsClientV2}, {@link ServiceStreamOptions} and
 * {@link StreamingOperation}, without a broker: the client sits on a connection that is never connected. A
 * V2 request is published only after its reply filter is subscribed, so "no filter subscribed" after the
 * calls means nothing was published either. (That nothing reaches a broker is also checked in
 * {@code IotJobsClientV2IT}.)
 */
class IotJobsClientV2Test {

    private static final String THING = "dev-1";
    private static final String BAD_THING = "dev#1";

    private static MqttConnection connection;
    private IotJobsClientV2 client;

    @BeforeAll
    static void unconnected() {
        // port 1 on loopback: never connected, nothing listens there
        connection = MqttConnectionBuilder.plain("127.0.0.1", 1)
                .clientId("unit-v2")
                .autoReconnect(false)
                .build();
    }

    @AfterAll
    static void closeConnection() {
        connection.close();
    }

    @BeforeEach
    void newClient() {
        client = new IotJobsClientV2(connection);
    }

    @AfterEach
    void noSubscriptionWasMade() {
        ManagedConnection transport = (ManagedConnection) ConnectionAccess.transport(connection);
        assertThat(transport.subscribedFilters())
                .as("filters subscribed by rejected calls")
                .isEmpty();
        client.close();
    }

    @Test
    void constructorAndBuilderCheckTheirArguments() {
        assertThatThrownBy(() -> new IotJobsClientV2(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connection");
        assertThatThrownBy(() -> IotJobsClientV2.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connection");
        IotJobsClientV2.Builder builder = IotJobsClientV2.builder(connection);
        assertThatThrownBy(() -> builder.operationTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("operationTimeout");
        assertThatThrownBy(() -> builder.operationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("operationTimeout:");
        assertThatThrownBy(() -> builder.operationTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("operationTimeout:");
        assertThatThrownBy(() -> builder.subscriptionBudget(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("subscriptionBudget:");
        assertThatThrownBy(() -> builder.subscriptionLinger(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("subscriptionLinger");
        assertThatThrownBy(() -> builder.subscriptionLinger(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("subscriptionLinger:");
        assertThatThrownBy(() -> builder.executor(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("executor");
        assertThatThrownBy(() -> builder.limits(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("limits");
    }

    @TestFactory
    Stream<DynamicTest> operationsCheckTheirArguments() {
        return Stream.of(
                        operation(
                                "getPendingJobExecutions",
                                client::getPendingJobExecutions,
                                client::getPendingJobExecutions,
                                GetPendingJobExecutionsRequest.builder()
                                        .thingName(THING)
                                        .build(),
                                GetPendingJobExecutionsRequest.builder()
                                        .thingName(BAD_THING)
                                        .build()),
                        operation(
                                "startNextPendingJobExecution",
                                client::startNextPendingJobExecution,
                                client::startNextPendingJobExecution,
                                StartNextPendingJobExecutionRequest.builder()
                                        .thingName(THING)
                                        .build(),
                                StartNextPendingJobExecutionRequest.builder()
                                        .thingName(BAD_THING)
                                        .build()),
                        operation(
                                "describeJobExecution",
                                client::describeJobExecution,
                                client::describeJobExecution,
                                DescribeJobExecutionRequest.builder()
                                        .thingName(THING)
                                        .jobId("j1")
                                        .build(),
                                DescribeJobExecutionRequest.builder()
                                        .thingName(BAD_THING)
                                        .jobId("j1")
                                        .build()),
                        operation(
                                "updateJobExecution",
                                client::updateJobExecution,
                                client::updateJobExecution,
                                UpdateJobExecutionRequest.builder()
                                        .thingName(THING)
                                        .jobId("j1")
                                        .status(JobStatus.SUCCEEDED)
                                        .build(),
                                UpdateJobExecutionRequest.builder()
                                        .thingName(BAD_THING)
                                        .jobId("j1")
                                        .status(JobStatus.SUCCEEDED)
                                        .build()))
                .flatMap(List::stream);
    }

    @Test
    void streamFactoriesCheckTheirArguments() {
        ServiceStreamOptions<JobExecutionsChangedEvent> notifyOptions = ServiceStreamOptions.of(e -> {});
        ServiceStreamOptions<NextJobExecutionChangedEvent> nextOptions = ServiceStreamOptions.of(e -> {});
        JobExecutionsChangedSubscriptionRequest notify = JobExecutionsChangedSubscriptionRequest.builder()
                .thingName(THING)
                .build();
        NextJobExecutionChangedSubscriptionRequest next = NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(THING)
                .build();

        assertThatThrownBy(() -> client.createJobExecutionsChangedStream(null, notifyOptions))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("request");
        assertThatThrownBy(() -> client.createJobExecutionsChangedStream(notify, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("options");
        assertThatThrownBy(() -> client.createJobExecutionsChangedStream(
                        JobExecutionsChangedSubscriptionRequest.builder()
                                .thingName(BAD_THING)
                                .build(),
                        notifyOptions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");
        assertThatThrownBy(() -> client.createNextJobExecutionChangedStream(null, nextOptions))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("request");
        assertThatThrownBy(() -> client.createNextJobExecutionChangedStream(next, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("options");
        assertThatThrownBy(() -> client.createNextJobExecutionChangedStream(
                        NextJobExecutionChangedSubscriptionRequest.builder()
                                .thingName(BAD_THING)
                                .build(),
                        nextOptions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");
    }

    @Test
    void streamOptionsNameTheirNullArguments() {
        assertThatThrownBy(() -> ServiceStreamOptions.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("incomingEventListener");
        assertThatThrownBy(() -> ServiceStreamOptions.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("incomingEventListener");
        ServiceStreamOptions.Builder<JobExecutionsChangedEvent> builder = ServiceStreamOptions.builder(e -> {});
        assertThatThrownBy(() -> builder.subscriptionStatusListener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("subscriptionStatusListener");
        assertThatThrownBy(() -> builder.deserializationFailureListener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("deserializationFailureListener");
    }

    @Test
    void aStreamClosedBeforeItWasOpenedCannotBeOpened() {
        StreamingOperation stream = client.createJobExecutionsChangedStream(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(THING)
                        .build(),
                ServiceStreamOptions.of(e -> {}));
        assertThat(stream.isOpen()).isFalse();

        stream.close();
        stream.close();

        assertThat(stream.isOpen()).isFalse();
        assertThatThrownBy(stream::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aClosedClientStillChecksArgumentsAndFailsValidRequestsWithClientClosed() {
        client.close();

        assertThatThrownBy(() -> client.getPendingJobExecutions(GetPendingJobExecutionsRequest.builder()
                        .thingName(BAD_THING)
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");
        CompletableFuture<?> future = client.getPendingJobExecutions(
                GetPendingJobExecutionsRequest.builder().thingName(THING).build());
        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(V2ServiceException.class)
                .cause()
                .isInstanceOf(JobsClientClosedException.class);
    }

    @Test
    void serviceExceptionsCarryTheModeledErrorOnlyForRejections() {
        RejectedError error = RejectedError.builder()
                .code(RejectedErrorCode.VERSION_MISMATCH)
                .message("no")
                .clientToken("t-1")
                .build();
        JobsRejectedException rejected = new JobsRejectedException("UpdateJobExecution", "topic", error);
        JobsTimeoutException timeout =
                new JobsTimeoutException("GetPendingJobExecutions", "topic", "t-2", Duration.ofSeconds(1));

        V2ServiceException fromRejection = V2ServiceException.of(new CompletionException(rejected));
        V2ServiceException fromTimeout = V2ServiceException.of(timeout);

        assertThat(fromRejection.modeledError()).contains(error);
        assertThat(fromRejection.getCause()).isSameAs(rejected);
        assertThat(fromTimeout.modeledError()).isEmpty();
        assertThat(fromTimeout.getCause()).isSameAs(timeout);
        assertThat(V2ServiceException.of(fromTimeout)).as("never wrapped twice").isSameAs(fromTimeout);
    }

    private static <Q, R> List<DynamicTest> operation(
            String name,
            Function<Q, CompletableFuture<R>> plain,
            BiFunction<Q, Duration, CompletableFuture<R>> withTimeout,
            Q valid,
            Q badThing) {
        return List.of(
                dynamicTest(
                        name + "(null)",
                        () -> assertThatThrownBy(() -> plain.apply(null))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("request")),
                dynamicTest(
                        name + "(null, timeout)",
                        () -> assertThatThrownBy(() -> withTimeout.apply(null, Duration.ofSeconds(1)))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("request")),
                dynamicTest(name + " with an invalid thing name", () -> {
                    assertThatThrownBy(() -> plain.apply(badThing))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("thingName:")
                            .hasMessageContaining("\"dev#1\"");
                    assertThatThrownBy(() -> withTimeout.apply(badThing, Duration.ofSeconds(1)))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("thingName:");
                }),
                dynamicTest(name + " with a timeout that is not positive", () -> {
                    assertThatThrownBy(() -> withTimeout.apply(valid, Duration.ZERO))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("timeout:");
                    assertThatThrownBy(() -> withTimeout.apply(valid, Duration.ofMillis(-5)))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("timeout:");
                }));
    }
}
