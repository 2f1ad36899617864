package io.iotjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.internal.tls.LoopbackTlsServer;
import io.iotjobs.internal.tls.SocketFactories;
import io.iotjobs.internal.tls.TestPki;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS identities and settings of {@link MqttConnectionBuilder} beyond PEM: what each accepts, and the message
 * each wrong input gets at {@link MqttConnectionBuilder#build()} (here {@code settings()}, which build() calls
 * before anything connects).
 */
class TlsIdentityOptionsTest {

    private static final TestPki PKI = TestPki.shared();
    private static final char[] STORE_PASSWORD = "store-secret".toCharArray();
    private static final char[] KEY_PASSWORD = "key-secret".toCharArray();
    private static final String ALIAS = "device";

    @TempDir
    Path dir;

    /** A key store of the type holding one identity under {@value #ALIAS}, the CA as {@code ca}. */
    static KeyStore keyStore(String type, TestPki.Identity identity, char[] keyPassword) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(
                ALIAS, identity.privateKey(), keyPassword, identity.chain().toArray(new X509Certificate[0]));
        store.setCertificateEntry("ca", PKI.ca().certificate());
        return store;
    }

    private Path write(String type, KeyStore store) throws Exception {
        Path file = dir.resolve("device." + type.toLowerCase());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD);
        }
        return file;
    }

    private static MqttConnectionBuilder fromStore(Path file, char[] storePassword, String alias, char[] keyPassword) {
        return MqttConnectionBuilder.mtlsFromKeyStoreFile("localhost", file, storePassword, alias, keyPassword)
                .caFromBytes(PKI.caPem());
    }

    /** Handshakes with a loopback TLS server through the Paho socket factory; returns the subject it saw. */
    private static LoopbackTlsServer.Handshake handshake(MqttConnectionBuilder builder) throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(PKI.serverContext())) {
            CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
            try (Socket socket = SocketFactories.forSettings(
                            builder.port(server.port()).settings())
                    .createSocket()) {
                server.connectAndEcho(socket, "localhost", 0x10);
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    void aKeyStoreFileOfEitherTypeConnects(String type) throws Exception {
        Path file = write(type, keyStore(type, PKI.clientEc(), KEY_PASSWORD));
        assertThat(handshake(fromStore(file, STORE_PASSWORD, ALIAS, KEY_PASSWORD))
                        .clientSubject())
                .isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void aPkcs12FileWithOnePasswordNeedsNoKeyPassword() throws Exception {
        Path file = write("PKCS12", keyStore("PKCS12", PKI.clientRsa(), STORE_PASSWORD));
        assertThat(handshake(fromStore(file, STORE_PASSWORD, ALIAS, null)).clientSubject())
                .isEqualTo(PKI.clientRsa().subject());
    }

    @Test
    void aLoadedKeyStoreConnects() throws Exception {
        KeyStore store = keyStore("PKCS12", PKI.clientEc(), KEY_PASSWORD);
        assertThat(handshake(MqttConnectionBuilder.mtlsFromKeyStore("localhost", store, ALIAS, KEY_PASSWORD)
                                .caFromBytes(PKI.caPem()))
                        .clientSubject())
                .isEqualTo(PKI.clientEc().subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    void aWrongStorePasswordIsNamed(String type) throws Exception {
        Path file = write(type, keyStore(type, PKI.clientEc(), KEY_PASSWORD));
        assertThatThrownBy(() -> fromStore(file, "wrong".toCharArray(), ALIAS, KEY_PASSWORD)
                        .settings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyStorePassword: wrong password for the key store " + file);
    }

    @Test
    void aWrongKeyPasswordIsNamed() throws Exception {
        Path file = write("JKS", keyStore("JKS", PKI.clientEc(), KEY_PASSWORD));
        assertThatThrownBy(() -> fromStore(file, STORE_PASSWORD, ALIAS, "wrong".toCharArray())
                        .settings())
                .hasMessage("keyPassword: wrong password for the key \"device\"");
    }

    @Test
    void aMissingAliasIsNamedWithTheEntriesThereAre() throws Exception {
        Path file = write("PKCS12", keyStore("PKCS12", PKI.clientEc(), STORE_PASSWORD));
        assertThatThrownBy(
                        () -> fromStore(file, STORE_PASSWORD, "thing-1", null).settings())
                .hasMessageStartingWith("keyStoreAlias: no entry \"thing-1\" in the key store")
                .hasMessageContaining("\"device\" (key)")
                .hasMessageContaining("\"ca\" (certificate)");
    }

    @Test
    void anAliasWithoutAPrivateKeyIsNamed() throws Exception {
        Path file = write("PKCS12", keyStore("PKCS12", PKI.clientEc(), STORE_PASSWORD));
        assertThatThrownBy(() -> fromStore(file, STORE_PASSWORD, "ca", null).settings())
                .hasMessage("keyStoreAlias: the entry \"ca\" holds a certificate but no private key");
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsRefused() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, PKI.clientRsa().privateKey(), KEY_PASSWORD, new X509Certificate[] {
            PKI.otherClient().certificate()
        });
        assertThatThrownBy(() -> MqttConnectionBuilder.mtlsFromKeyStore("localhost", store, ALIAS, KEY_PASSWORD)
                        .settings())
                .hasMessageStartingWith("keyStore: the private key does not match the certificate "
                        + PKI.otherClient().subject());
    }

    @Test
    void anExpiredCertificateIsRefusedNamingTheOption() throws Exception {
        Path file = write("PKCS12", keyStore("PKCS12", PKI.clientExpired(), STORE_PASSWORD));
        assertThatThrownBy(() -> fromStore(file, STORE_PASSWORD, ALIAS, null).settings())
                .hasMessageStartingWith(
                        "keyStore: the certificate " + PKI.clientExpired().subject() + " expired on ");
        assertThatThrownBy(() -> MqttConnectionBuilder.mtlsFromBytes(
                                "localhost",
                                PKI.clientExpired().chainPem(),
                                PKI.clientExpired().privateKeyPem(TestPki.KeyFormat.PKCS8))
                        .settings())
                .hasMessageStartingWith(
                        "certificate: the certificate " + PKI.clientExpired().subject() + " expired on ");
    }

    @Test
    void aCertificateNotYetValidIsRefusedNamingTheOption() throws Exception {
        KeyStore store = keyStore("PKCS12", PKI.clientNotYetValid(), KEY_PASSWORD);
        assertThatThrownBy(() -> MqttConnectionBuilder.mtlsFromKeyStore("localhost", store, ALIAS, KEY_PASSWORD)
                        .settings())
                .hasMessageStartingWith(
                        "keyStore: the certificate " + PKI.clientNotYetValid().subject() + " is not valid before ");
    }

    @Test
    void aMissingOrForeignFileIsNamed() throws Exception {
        Path missing = dir.resolve("nothing.p12");
        assertThatThrownBy(() -> fromStore(missing, STORE_PASSWORD, ALIAS, null).settings())
                .hasMessage("keyStore: no such file " + missing);
        Path pem = Files.write(dir.resolve("device.pem"), PKI.clientEc().chainPem());
        assertThatThrownBy(() -> fromStore(pem, STORE_PASSWORD, ALIAS, null).settings())
                .hasMessageStartingWith("keyStore: " + pem + " is not a PKCS#12 or JKS key store");
    }

    @Test
    void keyAndTrustManagersOfTheUsersOwnAreUsed() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore("PKCS12", PKI.clientEc(), KEY_PASSWORD), KEY_PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(PKI.trustStore());
        MqttConnectionBuilder builder =
                MqttConnectionBuilder.mtlsFromKeyManagers("localhost", kmf).trustManagers(tmf);
        assertThat(handshake(builder).clientSubject()).isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void anSslContextOfTheUsersOwnIsUsedAsItIs() throws Exception {
        SSLContext own = io.iotjobs.internal.tls.PemTls.clientContext(
                PKI.clientRsa().chainPem(), PKI.clientRsa().privateKeyPem(TestPki.KeyFormat.PKCS1), PKI.caPem());
        MqttConnectionBuilder builder = MqttConnectionBuilder.tlsFromSslContext("localhost", own);
        assertThat(builder.settings().tls().orElseThrow().customContext()).containsSame(own);
        assertThat(handshake(builder).clientSubject()).isEqualTo(PKI.clientRsa().subject());
    }

    @Test
    void trustCannotBeGivenTwice() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(PKI.trustStore());
        SSLContext own = SSLContext.getInstance("TLS");
        own.init(null, null, null);
        assertThatThrownBy(() -> MqttConnectionBuilder.tlsFromSslContext("localhost", own)
                        .caFromBytes(PKI.caPem())
                        .settings())
                .hasMessageStartingWith("caFromPath/caFromBytes: cannot be combined with tlsFromSslContext");
        assertThatThrownBy(() -> MqttConnectionBuilder.tlsFromSslContext("localhost", own)
                        .trustManagers(tmf)
                        .settings())
                .hasMessageStartingWith("trustManagers: cannot be combined with tlsFromSslContext");
        assertThatThrownBy(() -> MqttConnectionBuilder.mtlsFromBytes(
                                "localhost",
                                PKI.clientEc().chainPem(),
                                PKI.clientEc().privateKeyPem(TestPki.KeyFormat.PKCS8))
                        .caFromBytes(PKI.caPem())
                        .trustManagers(tmf)
                        .settings())
                .hasMessageStartingWith(
                        "trustManagers: give a CA (caFromPath/caFromBytes) or trust" + " managers, not both");
    }

    @Test
    void tlsTwelveIsTheDefaultMinimumAndThirteenCanBeRequired() {
        MqttConnectionBuilder builder = MqttConnectionBuilder.mtlsFromBytes(
                "localhost", PKI.clientEc().chainPem(), PKI.clientEc().privateKeyPem(TestPki.KeyFormat.PKCS8));
        TlsSettings defaults = builder.settings().tls().orElseThrow();
        assertThat(defaults.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(defaults.cipherSuites()).isEmpty();
        assertThat(defaults.verifyHostname()).isTrue();
        TlsSettings only13 = builder.minimumTlsVersion(TlsVersion.TLS_1_3)
                .cipherSuites(List.of("TLS_AES_256_GCM_SHA384"))
                .settings()
                .tls()
                .orElseThrow();
        assertThat(only13.protocols()).containsExactly("TLSv1.3");
        assertThat(only13.cipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384");
    }

    @Test
    void cipherSuitesAreChecked() {
        MqttConnectionBuilder builder = MqttConnectionBuilder.mtlsFromBytes(
                "localhost", PKI.clientEc().chainPem(), PKI.clientEc().privateKeyPem(TestPki.KeyFormat.PKCS8));
        assertThatThrownBy(
                        () -> builder.cipherSuites(List.of("TLS_NOT_A_SUITE")).settings())
                .hasMessageStartingWith("cipherSuites: \"TLS_NOT_A_SUITE\" is not a cipher suite this JVM supports");
        assertThatThrownBy(() -> builder.minimumTlsVersion(TlsVersion.TLS_1_3)
                        .cipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
                        .settings())
                .hasMessageStartingWith("cipherSuites: none of [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256] can be used"
                        + " with TLS 1.3");
        assertThatThrownBy(() -> builder.cipherSuites(List.of())).hasMessage("cipherSuites: must not be empty");
    }

    @Test
    void pkcs11OptionsNameWhatIsMissing() {
        assertThatThrownBy(() -> Pkcs11Options.builder()
                        .userPin("1".toCharArray())
                        .privateKeyLabel("k")
                        .build())
                .hasMessageStartingWith("pkcs11.library: required");
        assertThatThrownBy(() -> Pkcs11Options.builder()
                        .library(dir)
                        .privateKeyLabel("k")
                        .build())
                .hasMessage("pkcs11.userPin: required");
        assertThatThrownBy(() -> Pkcs11Options.builder()
                        .library(dir)
                        .userPin("1".toCharArray())
                        .build())
                .hasMessage("pkcs11.privateKeyLabel: required");
        assertThatThrownBy(() -> Pkcs11Options.builder()
                        .library(dir)
                        .userPin("1".toCharArray())
                        .privateKeyLabel("k")
                        .slotId(1)
                        .slotListIndex(0)
                        .build())
                .hasMessage("pkcs11.slotId: give a slot id or a slot list index, not both");
        assertThatThrownBy(() -> Pkcs11Options.builder().slotId(-1)).hasMessageStartingWith("pkcs11.slotId:");
    }

    @Test
    void aMissingPkcs11LibraryIsNamedAtBuild() {
        Path missing = dir.resolve("libnothing.so");
        Pkcs11Options token = Pkcs11Options.builder()
                .library(missing)
                .slotId(0)
                .userPin("1234".toCharArray())
                .privateKeyLabel("device")
                .build();
        assertThatThrownBy(() ->
                        MqttConnectionBuilder.mtlsFromPkcs11("localhost", token).settings())
                .hasMessage("pkcs11.library: no such file " + missing);
    }

    @Test
    void aFileThatIsNoPkcs11ModuleIsNamedAtBuild() throws Exception {
        Path notALibrary = Files.write(dir.resolve("libfake.so"), new byte[] {1, 2, 3});
        Pkcs11Options token = Pkcs11Options.builder()
                .library(notALibrary)
                .userPin("1234".toCharArray())
                .privateKeyLabel("device")
                .build();
        assertThatThrownBy(() ->
                        MqttConnectionBuilder.mtlsFromPkcs11("localhost", token).settings())
                .hasMessageStartingWith("pkcs11.library: cannot use " + notALibrary + " as a PKCS#11 module");
    }
}
