package io.iotjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.core.Qos;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.it.support.TcpProxy;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.transport.paho3.PahoV3Transport;
import io.iotjobs.v2.IotJobsClientV2;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Paho client (v5 or v3) that the user built and configured carries the Jobs clients through the transport's
 * {@code wrap}, connected by its owner or by the wrapper; the owner's reconnects restore the subscriptions; and the
 * client stays the user's afterwards.
 */
class WrappedPahoClientIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The user's own Paho client, of either version. */
    interface UsersClient {
        /** Connects it as its owner does, with the library's automatic reconnect on. */
        void connectAsOwner() throws Exception;

        /** Wraps it: with the user's connect options, or without (owner-connected). */
        MqttConnection wrap(boolean withOptions);

        boolean isConnected();

        void disconnectAndClose() throws Exception;
    }

    static Stream<String> versions() {
        return Stream.of("paho5", "paho3");
    }

    private final String thing = "wrapped-" + UUID.randomUUID().toString().substring(0, 8);
    private EmbeddedBroker broker;
    private MqttConnection serviceConnection;
    private LocalJobsService service;

    @BeforeEach
    void startService() throws Exception {
        broker = EmbeddedBroker.shared();
        serviceConnection =
                MqttConnectionBuilder.plain("127.0.0.1", broker.port()).build();
        serviceConnection.connect().get(30, TimeUnit.SECONDS);
        service = LocalJobsService.builder().connection(serviceConnection).build();
        service.start().get(30, TimeUnit.SECONDS);
        service.control()
                .createJob(JobSpec.builder("fw-1")
                        .document(JobDocument.parse("{\"operation\":\"install\"}"))
                        .targets(List.of(thing))
                        .build());
    }

    @AfterEach
    void stopService() {
        service.close();
        serviceConnection.close();
    }

    private UsersClient usersClient(String version, String serverUri) throws Exception {
        return version.equals("paho5") ? new Paho5Client(serverUri, thing) : new Paho3Client(serverUri, thing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void aClientConnectedByItsOwnerCarriesTheV2ClientAndStaysConnectedAfterClose(String version) throws Exception {
        UsersClient paho = usersClient(version, broker.serverUri());
        paho.connectAsOwner();
        MqttConnection connection = paho.wrap(false);
        assertThat(connection.isConnected()).isTrue();
        try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
            StartNextJobExecutionResponse started = jobs.startNextPendingJobExecution(
                            StartNextPendingJobExecutionRequest.builder()
                                    .thingName(thing)
                                    .build())
                    .get(30, TimeUnit.SECONDS);
            assertThat(started.execution().orElseThrow().jobId()).isEqualTo("fw-1");
            assertThat(started.execution().orElseThrow().status()).contains(JobStatus.IN_PROGRESS);
        }
        connection.close();
        assertThat(paho.isConnected()).as("the wrapped client stays the user's").isTrue();
        paho.disconnectAndClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void aClientNotConnectedYetIsConnectedByTheWrapperWithTheUsersOptions(String version) throws Exception {
        UsersClient paho = usersClient(version, broker.serverUri());
        MqttConnection connection = paho.wrap(true);
        assertThat(connection.connect().get(30, TimeUnit.SECONDS))
                .as("no session with clean start")
                .isFalse();
        try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
            assertThat(jobs.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                                    .thingName(thing)
                                    .build())
                            .get(30, TimeUnit.SECONDS)
                            .execution())
                    .isPresent();
        }
        connection.close();
        paho.disconnectAndClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void theOwnersReconnectRestoresTheSubscriptions(String version) throws Exception {
        try (TcpProxy proxy = TcpProxy.start("127.0.0.1", broker.port())) {
            UsersClient paho = usersClient(version, "tcp://127.0.0.1:" + proxy.port());
            paho.connectAsOwner();
            MqttConnection connection = paho.wrap(false);
            Recorder<String> events = new Recorder<>();
            connection.addListener(new MqttConnectionListener() {
                @Override
                public void onResumed(boolean sessionPresent) {
                    events.accept("resumed:" + sessionPresent);
                }
            });
            String topic = "wrapped/" + thing + "/commands";
            Recorder<IncomingMessage> received = new Recorder<>();
            connection.subscribe(topic, Qos.AT_LEAST_ONCE, received).get(30, TimeUnit.SECONDS);

            // the owner's client reconnects by itself with a clean session: the SDK subscribes again, session unknown
            proxy.cut();
            events.await(e -> e.equals("resumed:false"), "the owner's reconnect", WAIT);
            // sent after the SUBSCRIBE on the same connection, so the broker has the subscription when it arrives
            connection
                    .publish(topic, "after".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(30, TimeUnit.SECONDS);
            assertThat(received.awaitCount(1, WAIT).get(0).payloadAsString()).isEqualTo("after");
            connection.close();
            paho.disconnectAndClose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void wrappingAnUnconnectedClientWithoutOptionsIsRefused(String version) throws Exception {
        UsersClient paho = usersClient(version, broker.serverUri());
        assertThatThrownBy(() -> paho.wrap(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectOptions:");
        paho.disconnectAndClose();
    }

    private static final class Paho5Client implements UsersClient {
        private final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;

        Paho5Client(String serverUri, String clientId) throws Exception {
            client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        }

        @Override
        public void connectAsOwner() throws Exception {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 2);
            client.connect(options).waitForCompletion(30_000);
        }

        @Override
        public MqttConnection wrap(boolean withOptions) {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            return MqttConnection.wrap(client, withOptions ? options : null);
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        public void disconnectAndClose() throws Exception {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close();
        }
    }

    private static final class Paho3Client implements UsersClient {
        private final org.eclipse.paho.client.mqttv3.MqttAsyncClient client;

        Paho3Client(String serverUri, String clientId) throws Exception {
            client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                    serverUri, clientId, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        }

        @Override
        public void connectAsOwner() throws Exception {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            options.setMaxReconnectDelay(2000);
            client.connect(options).waitForCompletion(30_000);
        }

        @Override
        public MqttConnection wrap(boolean withOptions) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            return PahoV3Transport.wrap(client, withOptions ? options : null);
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        public void disconnectAndClose() throws Exception {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close();
        }
    }
}
