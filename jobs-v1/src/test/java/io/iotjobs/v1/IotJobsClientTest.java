package io.iotjobs.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ManagedConnection;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.DescribeJobExecutionSubscriptionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Argument checks of every public method of {@link IotJobsClient}, without a broker: the client sits on a
 * connection that is never connected, so whatever it published or subscribed would stay queued in the
 * connection; the tests check that each bad call throws at once with the field's name and that no
 * subscription was made. (That nothing reaches a broker is checked in {@code IotJobsClientIT}.)
 */
class IotJobsClientTest {

    private static final String THING = "dev-1";
    private static final String BAD_THING = "dev 1";
    private static final Qos Q1 = Qos.AT_LEAST_ONCE;

    private static MqttConnection connection;
    private IotJobsClient client;

    @BeforeAll
    static void unconnected() {
        // port 1 on loopback: never connected, nothing listens there
        connection = MqttConnectionBuilder.plain("127.0.0.1", 1)
                .clientId("unit-v1")
                .autoReconnect(false)
                .build();
    }

    @AfterAll
    static void closeConnection() {
        connection.close();
    }

    @BeforeEach
    void newClient() {
        client = new IotJobsClient(connection);
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
    void constructorAndBuilderNameTheirNullArguments() {
        assertThatThrownBy(() -> new IotJobsClient(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connection");
        assertThatThrownBy(() -> IotJobsClient.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connection");
        assertThatThrownBy(() -> IotJobsClient.builder(connection).executor(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("executor");
        assertThatThrownBy(() -> IotJobsClient.builder(connection).limits(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("limits");
    }

    @Test
    void aPublishNotAcknowledgedWithinTheAckTimeoutFailsWithAnUnknownOutcome() throws Exception {
        IotJobsClient quick = IotJobsClient.builder(connection)
                .ackTimeout(java.time.Duration.ofMillis(50))
                .build();
        try {
            CompletableFuture<Void> publish = quick.publishGetPendingJobExecutions(
                    GetPendingJobExecutionsRequest.builder().thingName(THING).build(), Q1);
            assertThatThrownBy(() -> publish.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(io.iotjobs.core.JobsTransportException.class, e -> {
                        assertThat(e).hasMessageContaining("not acknowledged (no PUBACK) within 50 ms");
                        assertThat(e.isOutcomeUnknown()).isTrue();
                        assertThat(e.topic()).contains("$aws/things/dev-1/jobs/get");
                    });
        } finally {
            quick.close();
        }
        assertThatThrownBy(() -> IotJobsClient.builder(connection).ackTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ackTimeout: must be positive");
        assertThatThrownBy(() -> IotJobsClient.builder(connection).ackTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ackTimeout");
    }

    @TestFactory
    Stream<DynamicTest> publishMethodsCheckTheirArguments() {
        return Stream.of(
                        publish(
                                "publishGetPendingJobExecutions",
                                client::publishGetPendingJobExecutions,
                                GetPendingJobExecutionsRequest.builder()
                                        .thingName(THING)
                                        .build(),
                                GetPendingJobExecutionsRequest.builder()
                                        .thingName(BAD_THING)
                                        .build()),
                        publish(
                                "publishStartNextPendingJobExecution",
                                client::publishStartNextPendingJobExecution,
                                StartNextPendingJobExecutionRequest.builder()
                                        .thingName(THING)
                                        .build(),
                                StartNextPendingJobExecutionRequest.builder()
                                        .thingName(BAD_THING)
                                        .build()),
                        publish(
                                "publishDescribeJobExecution",
                                client::publishDescribeJobExecution,
                                DescribeJobExecutionRequest.builder()
                                        .thingName(THING)
                                        .jobId("j1")
                                        .build(),
                                DescribeJobExecutionRequest.builder()
                                        .thingName(BAD_THING)
                                        .jobId("j1")
                                        .build()),
                        publish(
                                "publishUpdateJobExecution",
                                client::publishUpdateJobExecution,
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

    @TestFactory
    Stream<DynamicTest> subscribeMethodsCheckTheirArguments() {
        GetPendingJobExecutionsSubscriptionRequest getPending = GetPendingJobExecutionsSubscriptionRequest.builder()
                .thingName(THING)
                .build();
        GetPendingJobExecutionsSubscriptionRequest getPendingBad = GetPendingJobExecutionsSubscriptionRequest.builder()
                .thingName(BAD_THING)
                .build();
        StartNextPendingJobExecutionSubscriptionRequest startNext =
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName(THING)
                        .build();
        StartNextPendingJobExecutionSubscriptionRequest startNextBad =
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName(BAD_THING)
                        .build();
        DescribeJobExecutionSubscriptionRequest describe = DescribeJobExecutionSubscriptionRequest.builder()
                .thingName(THING)
                .jobId("j1")
                .build();
        DescribeJobExecutionSubscriptionRequest describeBad = DescribeJobExecutionSubscriptionRequest.builder()
                .thingName(BAD_THING)
                .build();
        UpdateJobExecutionSubscriptionRequest update =
                UpdateJobExecutionSubscriptionRequest.builder().thingName(THING).build();
        UpdateJobExecutionSubscriptionRequest updateBad = UpdateJobExecutionSubscriptionRequest.builder()
                .thingName(BAD_THING)
                .jobId("j1")
                .build();
        JobExecutionsChangedSubscriptionRequest notify = JobExecutionsChangedSubscriptionRequest.builder()
                .thingName(THING)
                .build();
        JobExecutionsChangedSubscriptionRequest notifyBad = JobExecutionsChangedSubscriptionRequest.builder()
                .thingName(BAD_THING)
                .build();
        NextJobExecutionChangedSubscriptionRequest next = NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(THING)
                .build();
        NextJobExecutionChangedSubscriptionRequest nextBad = NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(BAD_THING)
                .build();
        return Stream.of(
                        subscribe(
                                "subscribeToGetPendingJobExecutionsAccepted",
                                GetPendingJobExecutionsResponse.class,
                                getPending,
                                getPendingBad,
                                client::subscribeToGetPendingJobExecutionsAccepted,
                                client::subscribeToGetPendingJobExecutionsAccepted),
                        subscribe(
                                "subscribeToGetPendingJobExecutionsRejected",
                                RejectedError.class,
                                getPending,
                                getPendingBad,
                                client::subscribeToGetPendingJobExecutionsRejected,
                                client::subscribeToGetPendingJobExecutionsRejected),
                        subscribe(
                                "subscribeToStartNextPendingJobExecutionAccepted",
                                StartNextJobExecutionResponse.class,
                                startNext,
                                startNextBad,
                                client::subscribeToStartNextPendingJobExecutionAccepted,
                                client::subscribeToStartNextPendingJobExecutionAccepted),
                        subscribe(
                                "subscribeToStartNextPendingJobExecutionRejected",
                                RejectedError.class,
                                startNext,
                                startNextBad,
                                client::subscribeToStartNextPendingJobExecutionRejected,
                                client::subscribeToStartNextPendingJobExecutionRejected),
                        subscribe(
                                "subscribeToDescribeJobExecutionAccepted",
                                DescribeJobExecutionResponse.class,
                                describe,
                                describeBad,
                                client::subscribeToDescribeJobExecutionAccepted,
                                client::subscribeToDescribeJobExecutionAccepted),
                        subscribe(
                                "subscribeToDescribeJobExecutionRejected",
                                RejectedError.class,
                                describe,
                                describeBad,
                                client::subscribeToDescribeJobExecutionRejected,
                                client::subscribeToDescribeJobExecutionRejected),
                        subscribe(
                                "subscribeToUpdateJobExecutionAccepted",
                                UpdateJobExecutionResponse.class,
                                update,
                                updateBad,
                                client::subscribeToUpdateJobExecutionAccepted,
                                client::subscribeToUpdateJobExecutionAccepted),
                        subscribe(
                                "subscribeToUpdateJobExecutionRejected",
                                RejectedError.class,
                                update,
                                updateBad,
                                client::subscribeToUpdateJobExecutionRejected,
                                client::subscribeToUpdateJobExecutionRejected),
                        subscribe(
                                "subscribeToJobExecutionsChangedEvents",
                                JobExecutionsChangedEvent.class,
                                notify,
                                notifyBad,
                                client::subscribeToJobExecutionsChangedEvents,
                                client::subscribeToJobExecutionsChangedEvents),
                        subscribe(
                                "subscribeToNextJobExecutionChangedEvents",
                                NextJobExecutionChangedEvent.class,
                                next,
                                nextBad,
                                client::subscribeToNextJobExecutionChangedEvents,
                                client::subscribeToNextJobExecutionChangedEvents))
                .flatMap(List::stream);
    }

    @Test
    void subscriptionsRejectAnInvalidJobIdByName() {
        assertThatThrownBy(() -> client.subscribeToDescribeJobExecutionAccepted(
                        DescribeJobExecutionSubscriptionRequest.builder()
                                .thingName(THING)
                                .jobId("j/1")
                                .build(),
                        Q1,
                        r -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId:");
        assertThatThrownBy(() -> client.subscribeToUpdateJobExecutionRejected(
                        UpdateJobExecutionSubscriptionRequest.builder()
                                .thingName(THING)
                                .jobId("$next")
                                .build(),
                        Q1,
                        r -> {}))
                .as("$next is for Describe only")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId:");
        assertThatThrownBy(() -> client.subscribeToUpdateJobExecutionRejected(
                        UpdateJobExecutionSubscriptionRequest.builder()
                                .thingName(THING)
                                .jobId("#")
                                .build(),
                        Q1,
                        r -> {}))
                .as("no wildcard smuggled into a filter")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId:");
    }

    private static <Q> List<DynamicTest> publish(
            String name, BiFunction<Q, Qos, CompletableFuture<Void>> method, Q valid, Q badThing) {
        return List.of(
                dynamicTest(
                        name + "(null, qos)",
                        () -> assertThatThrownBy(() -> method.apply(null, Q1))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("request")),
                dynamicTest(
                        name + "(request, null)",
                        () -> assertThatThrownBy(() -> method.apply(valid, null))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("qos")),
                dynamicTest(
                        name + " with an invalid thing name",
                        () -> assertThatThrownBy(() -> method.apply(badThing, Q1))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageStartingWith("thingName:")
                                .hasMessageContaining("\"dev 1\"")));
    }

    /** A subscribe method without a decode-failure handler. */
    private interface Subscribe<R, T> {
        CompletableFuture<JobsSubscription> call(R request, Qos qos, Consumer<T> callback);
    }

    /** A subscribe method with a decode-failure handler. */
    private interface SubscribeWithFailures<R, T> {
        CompletableFuture<JobsSubscription> call(
                R request, Qos qos, Consumer<T> callback, Consumer<JobsDecodeException> onDecodeFailure);
    }

    /** The dynamic tests of one subscribe method; {@code type} only pins the callback's type. */
    private static <R, T> List<DynamicTest> subscribe(
            String name,
            Class<T> type,
            R valid,
            R badThing,
            Subscribe<R, T> plain,
            SubscribeWithFailures<R, T> withFailures) {
        Consumer<T> callback = value -> {};
        Consumer<JobsDecodeException> failures = failure -> {};
        return List.of(
                dynamicTest(
                        name + "(null, qos, callback)",
                        () -> assertThatThrownBy(() -> plain.call(null, Q1, callback))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("request")),
                dynamicTest(
                        name + "(request, null, callback)",
                        () -> assertThatThrownBy(() -> plain.call(valid, null, callback))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("qos")),
                dynamicTest(
                        name + "(request, qos, null)",
                        () -> assertThatThrownBy(() -> plain.call(valid, Q1, null))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("callback")),
                dynamicTest(
                        name + "(null, qos, callback, handler)",
                        () -> assertThatThrownBy(() -> withFailures.call(null, Q1, callback, failures))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("request")),
                dynamicTest(
                        name + "(request, null, callback, handler)",
                        () -> assertThatThrownBy(() -> withFailures.call(valid, null, callback, failures))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("qos")),
                dynamicTest(
                        name + "(request, qos, null, handler)",
                        () -> assertThatThrownBy(() -> withFailures.call(valid, Q1, null, failures))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("callback")),
                dynamicTest(
                        name + "(request, qos, callback, null)",
                        () -> assertThatThrownBy(() -> withFailures.call(valid, Q1, callback, null))
                                .isInstanceOf(NullPointerException.class)
                                .hasMessage("onDecodeFailure")),
                dynamicTest(name + " with an invalid thing name", () -> {
                    assertThatThrownBy(() -> plain.call(badThing, Q1, callback))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("thingName:");
                    assertThatThrownBy(() -> withFailures.call(badThing, Q1, callback, failures))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("thingName:");
                }));
    }
}
