package io.iotjobs.testkit;

import static io.iotjobs.testkit.clients.RawMqttClient.WAIT;
import static io.iotjobs.testkit.clients.RawMqttClient.cleanSession;
import static io.iotjobs.testkit.clients.RawMqttClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.testkit.clients.RawMqttClient.Received;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener, with client certificates required, from a raw Paho v5 client. */
class EmbeddedBrokerTlsIT {
    @TempDir
    static Path pkiFolder;

    private static TestPki pki;
    private static EmbeddedBroker broker;

    private final RawMqttClient.Group clients = new RawMqttClient.Group();

    @BeforeAll
    static void startBroker() {
        pki = TestPki.shared();
        pki.writeTo(pkiFolder);
        char[] password = TestPki.KEY_STORE_PASSWORD.toCharArray();
        broker = EmbeddedBroker.builder()
                .tls(
                        pkiFolder.resolve(TestPki.SERVER_KEY_STORE_FILE),
                        password,
                        pkiFolder.resolve(TestPki.TRUST_STORE_FILE),
                        password,
                        true)
                .start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void clientWithCertificateConnectsPublishesAndReceives() throws Exception {
        assertThat(broker.tlsServerUri()).isEqualTo("ssl://127.0.0.1:" + broker.tlsPort());
        assertThat(broker.tlsPort()).isNotEqualTo(broker.port());
        // the server certificate names 127.0.0.1, so host name verification stays on
        MqttConnectionOptions options = tlsOptions(clientContext(pki.clientEc(), "TLS"));

        RawMqttClient client = clients.connect(broker.tlsServerUri(), uniqueId("tls-device"), options);
        client.subscribe("$aws/things/dev-1/jobs/notify");
        client.publish("$aws/things/dev-1/jobs/notify", "{\"over\":\"tls\"}");

        assertThat(client.poll(WAIT)).isEqualTo(new Received("$aws/things/dev-1/jobs/notify", "{\"over\":\"tls\"}", 1));
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        assertRefused(clientContext(null, "TLSv1.2"));
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRefused() throws Exception {
        assertRefused(clientContext(pki.otherClient(), "TLSv1.2"));
    }

    @Test
    void plainListenerKeepsWorkingBesideTheTlsListener() throws Exception {
        RawMqttClient client = clients.connect(broker.serverUri(), uniqueId("plain"), cleanSession());
        assertThat(client.mqtt().isConnected()).isTrue();
    }

    /**
     * Connects and expects the handshake to fail. The refusals use TLS 1.2, where the server rejects the client
     * during the handshake: with TLS 1.3 the rejection arrives only after the handshake, on the client's first
     * read, and Paho 1.2.5 can then miss the end of its receiver thread and leave its connect thread waiting
     * forever (a race in {@code CommsReceiver.start}).
     */
    private void assertRefused(SSLContext context) throws Exception {
        String clientId = uniqueId("tls-refused");
        RawMqttClient client = clients.create(broker.tlsServerUri(), clientId);

        assertThatThrownBy(() -> client.mqtt().connect(tlsOptions(context)).waitForCompletion(WAIT.toMillis()))
                .isInstanceOf(MqttException.class);
        assertThat(client.mqtt().isConnected()).isFalse();
        for (Thread thread : clientThreads(clientId)) {
            thread.join(WAIT.toMillis());
        }
        assertThat(clientThreads(clientId))
                .as("Paho threads left behind by the refused connection")
                .isEmpty();
    }

    private static List<Thread> clientThreads(String clientId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().endsWith(clientId))
                .collect(Collectors.toList());
    }

    private static MqttConnectionOptions tlsOptions(SSLContext context) {
        MqttConnectionOptions options = cleanSession();
        options.setSocketFactory(context.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        return options;
    }

    /** A client context trusting the test CA, presenting {@code identity} if not null. */
    private static SSLContext clientContext(TestPki.Identity identity, String protocol) throws Exception {
        KeyManager[] keyManagers = null;
        if (identity != null) {
            char[] password = "client".toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(
                    "client", identity.privateKey(), password, identity.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            keyManagers = keys.getKeyManagers();
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(pki.trustStore());
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keyManagers, trust.getTrustManagers(), null);
        return context;
    }
}
