package io.iotjobs.it.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.testkit.clients.TestTransports;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A device identity from a Java key store (a PKCS#12 file, a JKS file, a loaded key store) connects over every
 * transport to the embedded broker's mutual-TLS listener, which refuses a connection without a client
 * certificate and one whose certificate it does not trust: so the connections that work presented the key
 * store's certificate.
 */
class KeyStoreIdentityIT {

    private static final TestPki PKI = BrokerTls.PKI;
    private static final char[] PASSWORD = "store-secret".toCharArray();

    @TempDir
    static Path folder;

    private static BrokerTls broker;

    static Stream<String> transports() {
        return TestTransports.NAMES.stream();
    }

    @BeforeAll
    static void start() {
        broker = new BrokerTls(folder.resolve("pki"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KeyStore store(String type, TestPki.Identity identity) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(
                "device", identity.privateKey(), PASSWORD, identity.chain().toArray(new X509Certificate[0]));
        return store;
    }

    private static Path file(String type, TestPki.Identity identity) throws Exception {
        Path file = folder.resolve(identity.subject().hashCode() + "." + type.toLowerCase());
        try (OutputStream out = Files.newOutputStream(file)) {
            store(type, identity).store(out, PASSWORD);
        }
        return file;
    }

    private static MqttConnectionBuilder fromFile(String transport, String type, TestPki.Identity identity)
            throws Exception {
        return broker.toBroker(
                        MqttConnectionBuilder.mtlsFromKeyStoreFile(
                                "127.0.0.1", file(type, identity), PASSWORD, "device", null),
                        transport)
                .caFromBytes(PKI.caPem());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aPkcs12FileConnects(String transport) throws Exception {
        BrokerTls.roundTrip(fromFile(transport, "PKCS12", PKI.clientEc()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aJksFileConnects(String transport) throws Exception {
        BrokerTls.roundTrip(fromFile(transport, "JKS", PKI.clientRsa()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aLoadedKeyStoreConnects(String transport) throws Exception {
        BrokerTls.roundTrip(broker.toBroker(
                        MqttConnectionBuilder.mtlsFromKeyStore(
                                "127.0.0.1", store("PKCS12", PKI.clientEc()), "device", PASSWORD),
                        transport)
                .caFromBytes(PKI.caPem()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aKeyStoreWhoseCertificateTheBrokerDoesNotTrustIsRefused(String transport) throws Exception {
        assertThat(BrokerTls.refused(fromFile(transport, "PKCS12", PKI.otherClient())))
                .hasMessageContaining("connect to");
    }

    @Test
    void withoutAClientCertificateTheBrokerRefuses() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PKI.trustStore());
        SSLContext noIdentity = SSLContext.getInstance("TLS");
        noIdentity.init(null, trust.getTrustManagers(), null);
        for (String transport : TestTransports.NAMES) {
            assertThat(BrokerTls.refused(broker.toBroker(
                            MqttConnectionBuilder.tlsFromSslContext("127.0.0.1", noIdentity), transport)))
                    .as(transport)
                    .hasMessageContaining("connect to");
        }
    }
}
