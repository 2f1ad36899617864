package io.iotjobs.it.reliability;

import static io.iotjobs.it.reliability.Scenarios.WAIT;
import static io.iotjobs.it.reliability.Scenarios.await;
import static io.iotjobs.it.reliability.Scenarios.recording;
import static io.iotjobs.it.reliability.Scenarios.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerPool;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.it.support.ServiceFixture;
import io.iotjobs.it.support.TcpProxy;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.V2ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MqttConnection} against real brokers: connect and disconnect, the listener's view of a broker
 * restart, flow control against a small receive maximum, refusals by the broker, and the bounded reconnect
 * backoff. Each broker announces a receive maximum of 10.
 */
class ConnectionIT {
    private static final int RECEIVE_MAXIMUM = 10;
    private static final BrokerPool BROKERS =
            new BrokerPool(BrokerSettings.defaults().withReceiveMaximum(RECEIVE_MAXIMUM));
    private static final Map<BrokerKind, ServiceFixture> SERVICES = new EnumMap<>(BrokerKind.class);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterAll
    static void closeBrokers() {
        SERVICES.values().forEach(ServiceFixture::close);
        BROKERS.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static synchronized ServiceFixture service(BrokerKind kind) {
        return SERVICES.computeIfAbsent(kind, k -> ServiceFixture.start(BROKERS.get(k)));
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void connectsDisconnectsAndConnectsAgain(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        ServiceFixture service = service(kind);
        Recorder<String> events = new Recorder<>();
        MqttConnection connection = closeLater(broker.connectionBuilder()
                .clientId(unique("dev-reconnect"))
                .listener(recording(events))
                .build());
        IotJobsClientV2 jobs = closeLater(new IotJobsClientV2(connection));
        String thing = unique("thing");
        service.control().createJob(Scenarios.job(unique("job"), thing));

        assertThat(await(connection.connect()))
                .as("session present on a clean start")
                .isFalse();
        assertThat(connection.isConnected()).isTrue();
        assertThat(queuedJobs(jobs, thing)).hasSize(1);

        await(connection.disconnect());
        assertThat(connection.isConnected()).isFalse();
        assertThat(await(connection.connect())).isFalse();
        assertThat(connection.isConnected()).isTrue();
        // the warm reply subscription was lost with the clean session: it must have been made again
        assertThat(queuedJobs(jobs, thing)).hasSize(1);

        List<String> seen = events.awaitCount(3, WAIT);
        assertThat(seen.subList(0, 2)).containsExactly("connected(false)", "disconnected");
        // after an explicit disconnect() the second connect() is reported as onResumed (see docs/reliability.md)
        assertThat(seen.get(2)).isIn("connected(false)", "resumed(false)");
        connection.close();
        events.awaitMatch(3, "closed"::equals, "closed", WAIT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void listenerSeesConnectedInterruptedResumedInOrderAcrossBrokerRestart(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        Recorder<String> events = new Recorder<>();
        MqttConnection connection = closeLater(broker.connectionBuilder()
                .clientId(unique("dev-listener"))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .listener(recording(events))
                .build());
        await(connection.connect());
        events.awaitCount(1, WAIT);

        try {
            broker.stop();
            events.awaitMatch(1, "interrupted"::equals, "onInterrupted after the broker stopped", WAIT);
            assertThat(connection.isConnected()).isFalse();
        } finally {
            broker.start();
        }

        events.awaitMatch(2, e -> e.startsWith("resumed"), "onResumed after the broker came back", WAIT);
        // a broker without persistence forgets the session
        assertThat(events.all()).containsExactly("connected(false)", "interrupted", "resumed(false)");
        assertThat(connection.isConnected()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void twoHundredQos1PublishesAtOnceAllSucceedWithReceiveMaximumTen(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        service(kind);
        try (RawMqttClient raw = RawMqttClient.connect(broker.serverUri(), unique("rm-check"))) {
            assertThat(raw.receiveMaximum()).as("the broker's receive maximum").isEqualTo(RECEIVE_MAXIMUM);
        }
        MqttConnection connection = closeLater(
                broker.connectionBuilder().clientId(unique("dev-burst")).build());
        IotJobsClient jobs = closeLater(new IotJobsClient(connection));
        await(connection.connect());
        String thing = unique("burst");
        Recorder<String> tokens = new Recorder<>();
        await(jobs.subscribeToGetPendingJobExecutionsAccepted(
                GetPendingJobExecutionsSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Qos.AT_LEAST_ONCE,
                reply -> tokens.accept(reply.clientToken().orElse("(none)"))));

        List<CompletableFuture<Void>> publishes = IntStream.range(0, 200)
                .mapToObj(i -> jobs.publishGetPendingJobExecutions(
                        GetPendingJobExecutionsRequest.builder()
                                .thingName(thing)
                                .clientToken("burst-" + i)
                                .build(),
                        Qos.AT_LEAST_ONCE))
                .collect(Collectors.toList());

        await(CompletableFuture.allOf(publishes.toArray(new CompletableFuture<?>[0])));
        assertThat(publishes).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        // and every one of them reached the service, which answered each
        Set<String> answered = Set.copyOf(tokens.awaitCount(200, WAIT));
        assertThat(answered).hasSize(200).contains("burst-0", "burst-199");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void refusedSubscribeAndPublishCarryTheReasonCodeAndThePolicyHint(BrokerKind kind) throws Exception {
        try (Broker broker = Brokers.start(kind, BrokerSettings.defaults().withDenied("$aws/things/denied/#"))) {
            MqttConnection connection = closeLater(
                    broker.connectionBuilder().clientId(unique("dev-denied")).build());
            IotJobsClient v1 = closeLater(new IotJobsClient(connection));
            IotJobsClientV2 v2 = closeLater(new IotJobsClientV2(connection));
            await(connection.connect());

            // SUBACK refusal, V1
            assertThatThrownBy(() -> await(v1.subscribeToJobExecutionsChangedEvents(
                            JobExecutionsChangedSubscriptionRequest.builder()
                                    .thingName("denied")
                                    .build(),
                            Qos.AT_LEAST_ONCE,
                            event -> {})))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                        assertThat(e.reasonCode()).hasValue(0x87);
                        assertThat(e.isLikelyPolicyDenial()).isTrue();
                        assertThat(e.isOutcomeUnknown()).isFalse();
                        assertThat(e.getMessage())
                                .contains(
                                        "SUBACK",
                                        "$aws/things/denied/jobs/notify",
                                        "0x87",
                                        "not authorized",
                                        "policy",
                                        "iot:Subscribe");
                    });

            // PUBACK refusal, V1
            assertThatThrownBy(() -> await(v1.publishGetPendingJobExecutions(
                            GetPendingJobExecutionsRequest.builder()
                                    .thingName("denied")
                                    .build(),
                            Qos.AT_LEAST_ONCE)))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                        assertThat(e.reasonCode()).hasValue(0x87);
                        assertThat(e.isLikelyPolicyDenial()).isTrue();
                        assertThat(e.getMessage())
                                .contains("PUBACK", "$aws/things/denied/jobs/get", "policy", "iot:Publish");
                    });

            // V2: the reply subscription is refused, the request fails at once (not after its timeout)
            assertThatThrownBy(() -> await(v2.getPendingJobExecutions(GetPendingJobExecutionsRequest.builder()
                            .thingName("denied")
                            .build())))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(V2ServiceException.class)
                    .cause()
                    .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                        assertThat(e.isLikelyPolicyDenial()).isTrue();
                        assertThat(e.getMessage()).contains("policy");
                    });

            // the connection is still up and an allowed topic works
            assertThat(connection.isConnected()).isTrue();
            await(v1.subscribeToJobExecutionsChangedEvents(
                    JobExecutionsChangedSubscriptionRequest.builder()
                            .thingName("allowed")
                            .build(),
                    Qos.AT_LEAST_ONCE,
                    event -> {}));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void reconnectBackoffStaysWithinItsMaximumWhileTheBrokerIsDown(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        TcpProxy proxy = closeLater(TcpProxy.to(broker));
        Recorder<String> events = new Recorder<>();
        MqttConnection connection = closeLater(broker.connectionBuilder()
                .port(proxy.port())
                .clientId(unique("dev-backoff"))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .listener(recording(events))
                .build());
        await(connection.connect());
        int attemptsBefore = proxy.attempts();

        try {
            broker.stop();
            events.awaitMatch(0, "interrupted"::equals, "onInterrupted", WAIT);
            // every attempt reaches the proxy, which finds the broker down and hangs up. With delays capped at
            // 500 ms, ten attempts take about five seconds; a backoff doubling from 100 ms without that cap
            // would need over 100 s for them.
            assertThat(proxy.awaitAttempts(attemptsBefore + 10, Duration.ofSeconds(30)))
                    .as("ten reconnect attempts while the broker is down, " + proxy)
                    .isTrue();
        } finally {
            broker.start();
        }
        events.awaitMatch(1, e -> e.startsWith("resumed"), "onResumed after the broker came back", WAIT);
        assertThat(connection.isConnected()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void connectAttemptsToAServerThatNeverAnswersAreBoundedByTheConnectTimeout(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        TcpProxy proxy = closeLater(TcpProxy.to(broker));
        Recorder<String> events = new Recorder<>();
        MqttConnection connection = closeLater(broker.connectionBuilder()
                .port(proxy.port())
                .clientId(unique("dev-silent"))
                .connectTimeout(Duration.ofSeconds(1))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .listener(recording(events))
                .build());
        await(connection.connect());

        // the connection drops and every new one is accepted but never answered: each attempt must give up
        // after the connect timeout and make room for the next, instead of waiting for a CONNACK forever
        int attemptsBefore = proxy.attempts();
        proxy.silence();
        events.awaitMatch(0, "interrupted"::equals, "onInterrupted", WAIT);
        assertThat(proxy.awaitAttempts(attemptsBefore + 3, Duration.ofSeconds(30)))
                .as("three reconnect attempts against a silent server, " + proxy)
                .isTrue();
        proxy.resume();
        events.awaitMatch(1, e -> e.startsWith("resumed"), "onResumed once the server answers", WAIT);

        // a first connect() against a silent server fails with the timeout instead of never completing
        proxy.silence();
        MqttConnection other = closeLater(broker.connectionBuilder()
                .port(proxy.port())
                .clientId(unique("dev-silent"))
                .connectTimeout(Duration.ofSeconds(1))
                .build());
        assertThatThrownBy(() -> await(other.connect()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                    assertThat(e.reasonCode())
                            .as("no broker answered, so no reason code")
                            .isEmpty();
                    assertThat(e.getMessage())
                            .contains("no CONNACK within 1 s", "timed out waiting for a response from the server");
                });
    }

    private static List<String> queuedJobs(IotJobsClientV2 jobs, String thing) throws Exception {
        GetPendingJobExecutionsResponse response = await(jobs.getPendingJobExecutions(
                GetPendingJobExecutionsRequest.builder().thingName(thing).build()));
        return response.queuedJobs().stream().map(s -> s.jobId()).collect(Collectors.toList());
    }
}
