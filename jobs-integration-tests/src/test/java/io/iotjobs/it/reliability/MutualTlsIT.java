package io.iotjobs.it.reliability;

import static io.iotjobs.it.reliability.Scenarios.job;
import static io.iotjobs.it.reliability.Scenarios.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.internal.tls.TlsFailures;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.MosquittoBroker;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.v2.IotJobsClientV2;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS from PEM files against a TLS listener that requires a client certificate issued by the test CA,
 * on the embedded broker (Java's TLS) and on Mosquitto (OpenSSL): the working case end to end, and each usual
 * mistake failing with an error that names it. Every connect is bounded ({@code get(30, SECONDS)}): a hang
 * fails the test instead of blocking the build.
 */
class MutualTlsIT {
    @TempDir
    static Path pki;

    private static final Map<BrokerKind, TlsBroker> BROKERS = new EnumMap<>(BrokerKind.class);

    /** A broker with a plain and a mutual TLS listener, and the local service on the plain one. */
    private static final class TlsBroker implements AutoCloseable {
        final int plainPort;
        final int tlsPort;
        final AutoCloseable broker;
        final MqttConnection serviceConnection;
        final LocalJobsService service;

        TlsBroker(int plainPort, int tlsPort, AutoCloseable broker) throws Exception {
            this.plainPort = plainPort;
            this.tlsPort = tlsPort;
            this.broker = broker;
            // the service itself connects over the plain listener
            serviceConnection = MqttConnectionBuilder.plain("127.0.0.1", plainPort)
                    .clientId(unique("tls-service"))
                    .build();
            serviceConnection.connect().get(30, TimeUnit.SECONDS);
            service = LocalJobsService.builder().connection(serviceConnection).build();
            service.start().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            service.close();
            serviceConnection.close();
            try {
                broker.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the broker failed", e);
            }
        }
    }

    @BeforeAll
    static void writePki() throws Exception {
        TestPki.shared().writeTo(pki);
    }

    private static synchronized TlsBroker broker(BrokerKind kind) throws Exception {
        Brokers.assumeAvailable(kind);
        TlsBroker running = BROKERS.get(kind);
        if (running == null) {
            if (kind == BrokerKind.EMBEDDED) {
                char[] password = TestPki.KEY_STORE_PASSWORD.toCharArray();
                EmbeddedBroker embedded = EmbeddedBroker.builder()
                        .tls(
                                pki.resolve(TestPki.SERVER_KEY_STORE_FILE),
                                password,
                                pki.resolve(TestPki.TRUST_STORE_FILE),
                                password,
                                true)
                        .start();
                running = new TlsBroker(embedded.port(), embedded.tlsPort(), embedded);
            } else {
                MosquittoBroker mosquitto = MosquittoBroker.builder()
                        .tls(
                                pki.resolve(TestPki.CA_CERT_FILE),
                                pki.resolve(TestPki.SERVER_CHAIN_FILE),
                                pki.resolve(TestPki.SERVER_KEY_FILE))
                        .start();
                running = new TlsBroker(mosquitto.port(), mosquitto.tlsPort(), mosquitto);
            }
            BROKERS.put(kind, running);
        }
        return running;
    }

    @AfterAll
    static void stopBrokers() {
        for (TlsBroker broker : BROKERS.values()) {
            broker.close();
        }
        BROKERS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void mutualTlsFromPemFilesConnectsAndTheV2ClientWorksOverIt(BrokerKind kind) throws Exception {
        String thing = unique("tls-thing");
        broker(kind).service.control().createJob(job("tls-job", thing));
        for (String[] identity : new String[][] {
            {TestPki.CLIENT_RSA_CERT_FILE, TestPki.CLIENT_RSA_PKCS1_KEY_FILE},
            {TestPki.CLIENT_EC_CERT_FILE, TestPki.CLIENT_EC_SEC1_KEY_FILE},
        }) {
            try (MqttConnection connection = tls(kind, identity[0], identity[1], TestPki.CA_CERT_FILE)
                            .build();
                    IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
                assertThat(connection.connect().get(30, TimeUnit.SECONDS)).isFalse();
                GetPendingJobExecutionsResponse pending = jobs.getPendingJobExecutions(
                                GetPendingJobExecutionsRequest.builder()
                                        .thingName(thing)
                                        .build())
                        .get(30, TimeUnit.SECONDS);
                assertThat(pending.queuedJobs().stream()
                                .map(JobExecutionSummary::jobId)
                                .collect(Collectors.toList()))
                        .as("over TLS with " + identity[0])
                        .containsExactly("tls-job");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void wrongCaFailsSayingTheServerIsNotTrusted(BrokerKind kind) throws Exception {
        JobsTransportException failure = connectFails(
                tls(kind, TestPki.CLIENT_EC_CERT_FILE, TestPki.CLIENT_EC_SEC1_KEY_FILE, TestPki.OTHER_CA_CERT_FILE));
        assertThat(failure.getMessage()).contains(TlsFailures.SERVER_NOT_TRUSTED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void keyNotMatchingTheCertificateIsRefusedWhenBuildingNamingTheKey(BrokerKind kind) throws Exception {
        MqttConnectionBuilder builder =
                tls(kind, TestPki.CLIENT_RSA_CERT_FILE, TestPki.CLIENT_EC_SEC1_KEY_FILE, TestPki.CA_CERT_FILE);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privateKey")
                .hasMessageContaining("does not match the certificate")
                .hasMessageContaining("CN=client-rsa");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void certificateFromAnUnrelatedCaFailsSayingTheBrokerRejectedIt(BrokerKind kind) throws Exception {
        JobsTransportException failure = connectFails(
                tls(kind, TestPki.OTHER_CLIENT_CERT_FILE, TestPki.OTHER_CLIENT_KEY_FILE, TestPki.CA_CERT_FILE));
        assertThat(failure.getMessage())
                .containsAnyOf(TlsFailures.CLIENT_REJECTED, "may have rejected the client" + " certificate");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void expiredClientCertificateIsRefusedWhenBuildingNamingIt(BrokerKind kind) throws Exception {
        // a broker sends the same alert for an expired certificate as for an unknown CA, so the SDK checks the
        // validity period itself before connecting
        MqttConnectionBuilder builder =
                tls(kind, TestPki.CLIENT_EXPIRED_CERT_FILE, TestPki.CLIENT_EXPIRED_KEY_FILE, TestPki.CA_CERT_FILE);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificate: the certificate ")
                .hasMessageContaining("CN=client-expired")
                .hasMessageContaining(" expired on ");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void tlsToThePlainPortFailsDuringTheHandshake(BrokerKind kind) throws Exception {
        JobsTransportException failure = connectFails(
                tls(kind, TestPki.CLIENT_EC_CERT_FILE, TestPki.CLIENT_EC_SEC1_KEY_FILE, TestPki.CA_CERT_FILE)
                        .port(broker(kind).plainPort));
        // an MQTT broker reading a TLS ClientHello as MQTT just hangs up, so the client only learns that the
        // server closed the connection during the handshake
        assertThat(failure.getMessage()).contains("the server closed the connection during the TLS handshake");
    }

    private static MqttConnectionBuilder tls(BrokerKind kind, String certificate, String key, String ca)
            throws Exception {
        return MqttConnectionBuilder.mtlsFromPath("127.0.0.1", pki.resolve(certificate), pki.resolve(key))
                .port(broker(kind).tlsPort)
                .caFromPath(pki.resolve(ca))
                .clientId(unique("tls-device"));
    }

    /** Connects, expects the connect to fail within 30 s, and returns the failure. */
    private static JobsTransportException connectFails(MqttConnectionBuilder builder) throws Exception {
        try (MqttConnection connection = builder.build()) {
            CompletableFuture<Boolean> connect = connection.connect();
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> connect.get(30, TimeUnit.SECONDS));
            assertThat(failure.getCause()).isInstanceOf(JobsTransportException.class);
            assertThat(connection.isConnected()).isFalse();
            return (JobsTransportException) failure.getCause();
        }
    }
}
