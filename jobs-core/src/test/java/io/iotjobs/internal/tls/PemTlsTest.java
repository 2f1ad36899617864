package io.iotjobs.internal.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.iotjobs.internal.tls.TestPki.Identity;
import io.iotjobs.internal.tls.TestPki.KeyFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PemTls}: every accepted key format really yields a working client identity (checked by a handshake
 * with a server that requires a client certificate), and every bad input is refused with a message naming it.
 */
class PemTlsTest {

    private static final TestPki PKI = TestPki.shared();
    private static LoopbackTlsServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new LoopbackTlsServer(PKI.serverContext());
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    /** Connects with the context and returns the subject of the client certificate the server received. */
    private static String handshake(SSLContext context) throws Exception {
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        TlsSocketFactory factory = new TlsSocketFactory(context, "localhost", List.of(), true);
        try (var socket = factory.createSocket()) {
            assertThat(server.connectAndEcho(socket, "localhost", 17)).isEqualTo(17);
        }
        return seen.get(10, SECONDS).clientSubject();
    }

    private static String text(byte[] pem) {
        return new String(pem, StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> keyFormats() {
        return Stream.of(
                Arguments.of("RSA", KeyFormat.PKCS1),
                Arguments.of("RSA", KeyFormat.PKCS8),
                Arguments.of("EC", KeyFormat.PKCS8),
                Arguments.of("EC", KeyFormat.SEC1),
                Arguments.of("EC", KeyFormat.SEC1_WITH_PARAMETERS));
    }

    private static Identity client(String keyType) {
        return keyType.equals("RSA") ? PKI.clientRsa() : PKI.clientEc();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyFormats")
    void buildsAWorkingContextFromBytes(String keyType, KeyFormat format) throws Exception {
        Identity client = client(keyType);
        byte[] key = client.privateKeyPem(format);
        String pem = text(key);
        if (format == KeyFormat.SEC1_WITH_PARAMETERS) {
            assertThat(pem).startsWith("-----BEGIN EC PARAMETERS-----").contains(format.beginLine());
        } else {
            assertThat(pem).startsWith(format.beginLine());
        }
        assertThat(pem.split("-----BEGIN ", -1)).hasSize(format == KeyFormat.SEC1_WITH_PARAMETERS ? 3 : 2);

        SSLContext context = PemTls.clientContext(client.certificatePem(), key, PKI.caPem());
        assertThat(context.getProtocol()).isEqualTo("TLS");
        assertThat(handshake(context)).isEqualTo(client.subject());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyFormats")
    void buildsAWorkingContextFromFiles(String keyType, KeyFormat format, @TempDir Path dir) throws Exception {
        Identity client = client(keyType);
        Path cert = Files.write(dir.resolve("client.crt"), client.chainPem());
        Path key = Files.write(dir.resolve("client.key"), client.privateKeyPem(format));
        Path ca = Files.write(dir.resolve("ca.crt"), PKI.caPem());

        assertThat(handshake(PemTls.clientContext(cert, key, ca))).isEqualTo(client.subject());
    }

    @Test
    void readsTheFilesTestPkiWrites(@TempDir Path dir) throws Exception {
        PKI.writeTo(dir);
        assertThat(text(Files.readAllBytes(dir.resolve(TestPki.CLIENT_RSA_PKCS1_KEY_FILE))))
                .startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(text(Files.readAllBytes(dir.resolve(TestPki.CLIENT_RSA_PKCS8_KEY_FILE))))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(text(Files.readAllBytes(dir.resolve(TestPki.CLIENT_EC_SEC1_KEY_FILE))))
                .startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(text(Files.readAllBytes(dir.resolve(TestPki.CLIENT_EC_PKCS8_KEY_FILE))))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(dir.resolve(TestPki.SERVER_KEY_STORE_FILE)).isNotEmptyFile();
        assertThat(dir.resolve(TestPki.TRUST_STORE_FILE)).isNotEmptyFile();

        Path ca = dir.resolve(TestPki.CA_CERT_FILE);
        assertThat(handshake(PemTls.clientContext(
                        dir.resolve(TestPki.CLIENT_RSA_CERT_FILE), dir.resolve(TestPki.CLIENT_RSA_PKCS1_KEY_FILE), ca)))
                .isEqualTo(PKI.clientRsa().subject());
        assertThat(handshake(PemTls.clientContext(
                        dir.resolve(TestPki.CLIENT_EC_CERT_FILE), dir.resolve(TestPki.CLIENT_EC_SEC1_KEY_FILE), ca)))
                .isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void acceptsOneFileHoldingBothCertificateAndKey() throws Exception {
        byte[] combined = ascii(
                text(PKI.clientRsa().certificatePem()) + text(PKI.clientRsa().privateKeyPem(KeyFormat.PKCS1)));
        assertThat(handshake(PemTls.clientContext(combined, combined, PKI.caPem())))
                .isEqualTo(PKI.clientRsa().subject());
    }

    @Test
    void acceptsTextAroundTheBlocksAndSeveralCas() throws Exception {
        byte[] cert = ascii(
                "Bag Attributes\n  friendlyName: device\n" + text(PKI.clientEc().certificatePem()));
        byte[] cas = ascii(text(PKI.otherCa().certificatePem()) + "\n" + text(PKI.caPem()));
        assertThat(handshake(PemTls.clientContext(cert, PKI.clientEc().privateKeyPem(KeyFormat.SEC1), cas)))
                .isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void acceptsSec1KeyWithoutThePublicKey() throws Exception {
        ECPrivateKey key = (ECPrivateKey) PKI.clientEc().privateKey();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                256, key.getS(), PKI.clientEc().curve());
        byte[] pem = pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        assertThat(handshake(PemTls.clientContext(PKI.clientEc().certificatePem(), pem, PKI.caPem())))
                .isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void withoutCaUsesTheJvmTrustStoreWhichDoesNotKnowTheTestCa() throws Exception {
        SSLContext context = PemTls.clientContext(
                PKI.clientRsa().certificatePem(), PKI.clientRsa().privateKeyPem(KeyFormat.PKCS1), null);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        Throwable failure;
        try (var socket = new TlsSocketFactory(context, "localhost", List.of(), true).createSocket()) {
            failure = catchThrowable(() -> server.connectAndEcho(socket, "localhost", 1));
        }
        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        assertThat(TlsFailures.explain(failure)).contains(TlsFailures.SERVER_NOT_TRUSTED);
        assertThat(catchThrowable(() -> seen.get(10, SECONDS))).isNotNull();

        // the same files with the CA given work
        assertThat(handshake(PemTls.clientContext(
                        PKI.clientRsa().certificatePem(), PKI.clientRsa().privateKeyPem(KeyFormat.PKCS1), PKI.caPem())))
                .isEqualTo(PKI.clientRsa().subject());
    }

    @Test
    void doesNotRegisterAnySecurityProvider() {
        List<Provider> before = List.of(Security.getProviders());
        PemTls.clientContext(
                PKI.clientEc().certificatePem(), PKI.clientEc().privateKeyPem(KeyFormat.SEC1), PKI.caPem());
        PemTls.clientContext(rsaCert(), rsaKey(), null);
        assertThat(List.of(Security.getProviders())).isEqualTo(before);
    }

    // ---------------------------------------------------------------- certificate errors

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pem(Object... objects) throws IOException {
        var text = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                if (object instanceof PemObject) {
                    writer.writeObject((PemObject) object);
                } else {
                    writer.writeObject(object);
                }
            }
        }
        return ascii(text.toString());
    }

    private static byte[] rsaKey() {
        return PKI.clientRsa().privateKeyPem(KeyFormat.PKCS1);
    }

    private static byte[] rsaCert() {
        return PKI.clientRsa().certificatePem();
    }

    private static void assertRejected(byte[] cert, byte[] key, byte[] ca, String... messageParts) {
        assertThatThrownBy(() -> PemTls.clientContext(cert, key, ca))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(messageParts[0])
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void emptyCertificate() {
        assertRejected(new byte[0], rsaKey(), null, "certificate:", "empty");
    }

    @Test
    void certificateWithoutPem() {
        assertRejected(ascii("hello, this is not PEM\n"), rsaKey(), null, "certificate:", "no PEM block found");
    }

    @Test
    void certificateInDer() throws Exception {
        assertRejected(
                PKI.clientRsa().certificate().getEncoded(), rsaKey(), null, "certificate:", "no PEM block found");
    }

    @Test
    void certificateAndKeySwapped() {
        assertRejected(
                rsaKey(),
                rsaCert(),
                null,
                "certificate:",
                "no CERTIFICATE block found",
                "RSA PRIVATE KEY",
                "is this a private key?");
        assertRejected(
                rsaCert(),
                rsaCert(),
                null,
                "privateKey:",
                "no private key block found",
                "CERTIFICATE",
                "is this a certificate?");
    }

    @Test
    void certificateWithBadBase64() {
        assertRejected(
                ascii("-----BEGIN CERTIFICATE-----\n!!!!not base64!!!!\n-----END CERTIFICATE-----\n"),
                rsaKey(),
                null,
                "certificate:",
                "malformed PEM");
    }

    @Test
    void certificateWithoutEndLine() {
        String cert = text(rsaCert());
        assertRejected(
                ascii(cert.substring(0, cert.indexOf("-----END"))), rsaKey(), null, "certificate:", "malformed PEM");
    }

    @Test
    void certificateThatIsNotDer() {
        byte[] garbage = ascii("-----BEGIN CERTIFICATE-----\n"
                + Base64.getEncoder().encodeToString(ascii("definitely not a certificate"))
                + "\n-----END CERTIFICATE-----\n");
        assertRejected(garbage, rsaKey(), null, "certificate:", "certificate 1 is not a valid X.509 certificate");
    }

    @Test
    void errorsFromFilesNameTheFile(@TempDir Path dir) throws Exception {
        Path cert = Files.write(dir.resolve("device.crt"), ascii("nothing here"));
        Path key = Files.write(dir.resolve("device.key"), rsaKey());
        assertThatThrownBy(() -> PemTls.clientContext(cert, key, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificate:")
                .hasMessageContaining(cert.toString());
    }

    // ---------------------------------------------------------------- private key errors

    @Test
    void emptyKey() {
        assertRejected(rsaCert(), new byte[0], null, "privateKey:", "empty");
    }

    @Test
    void encryptedPkcs8Key() {
        byte[] key = PKI.clientRsa().encryptedPrivateKeyPem(KeyFormat.PKCS8, "secret".toCharArray());
        assertThat(text(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertRejected(rsaCert(), key, null, "privateKey:", "encrypted", "not supported");
    }

    @Test
    void encryptedTraditionalKeys() {
        byte[] rsa = PKI.clientRsa().encryptedPrivateKeyPem(KeyFormat.PKCS1, "secret".toCharArray());
        assertThat(text(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----").contains("Proc-Type: 4,ENCRYPTED");
        assertRejected(rsaCert(), rsa, null, "privateKey:", "encrypted", "not supported");

        byte[] ec = PKI.clientEc().encryptedPrivateKeyPem(KeyFormat.SEC1, "secret".toCharArray());
        assertThat(text(ec)).startsWith("-----BEGIN EC PRIVATE KEY-----").contains("Proc-Type: 4,ENCRYPTED");
        assertRejected(PKI.clientEc().certificatePem(), ec, null, "privateKey:", "encrypted", "not supported");
    }

    @Test
    void dsaKeyIsUnsupported() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
        generator.initialize(2048);
        byte[] key = pem(generator.generateKeyPair().getPrivate());
        assertThat(text(key)).startsWith("-----BEGIN DSA PRIVATE KEY-----");
        assertRejected(rsaCert(), key, null, "privateKey:", "unsupported key type", "DSA PRIVATE KEY");
    }

    @Test
    void ed25519Pkcs8KeyIsUnsupported() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] key = pem(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertRejected(rsaCert(), key, null, "privateKey:", "unsupported key type", "supported key types: RSA, EC");
    }

    @Test
    void unknownKeyBlockType() {
        byte[] key = ascii("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        assertRejected(rsaCert(), key, null, "privateKey:", "unsupported key type", "OPENSSH PRIVATE KEY");
    }

    @Test
    void corruptKey() {
        byte[] key = ascii("-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(ascii("not a key at all"))
                + "\n-----END RSA PRIVATE KEY-----\n");
        assertRejected(rsaCert(), key, null, "privateKey:", "not a valid key");
    }

    @Test
    void sec1KeyWithoutCurveIsRefusedCleanly() throws Exception {
        ECPrivateKey key = (ECPrivateKey) PKI.clientEc().privateKey();
        byte[] pem = pem(new PemObject(
                "EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS()).getEncoded()));
        assertRejected(PKI.clientEc().certificatePem(), pem, null, "privateKey:");
    }

    @Test
    void twoKeys() {
        byte[] keys = ascii(text(rsaKey()) + text(PKI.clientEc().privateKeyPem(KeyFormat.PKCS8)));
        assertRejected(rsaCert(), keys, null, "privateKey:", "found 2 private key blocks");
    }

    @Test
    void keyOfAnotherCertificate() {
        assertRejected(
                rsaCert(),
                PKI.server().privateKeyPem(KeyFormat.PKCS1),
                null,
                "privateKey:",
                "does not match the certificate",
                PKI.clientRsa().subject());
        assertRejected(
                PKI.clientEc().certificatePem(),
                PKI.otherClient().privateKeyPem(KeyFormat.SEC1),
                null,
                "privateKey:",
                "does not match the certificate");
    }

    @Test
    void keyOfAnotherType() {
        assertRejected(
                rsaCert(),
                PKI.clientEc().privateKeyPem(KeyFormat.SEC1),
                null,
                "privateKey:",
                "does not match the certificate",
                "the key is EC",
                "RSA public key");
    }

    @Test
    void keyMustMatchTheFirstCertificateOfTheChain() {
        byte[] reversed = ascii(text(PKI.caPem()) + text(rsaCert()));
        assertRejected(reversed, rsaKey(), null, "privateKey:", "does not match the certificate");
    }

    // ---------------------------------------------------------------- CA errors

    @Test
    void caWithoutPem() {
        assertRejected(rsaCert(), rsaKey(), ascii("garbage"), "ca:", "no PEM block found");
    }

    @Test
    void caHoldingAKey() {
        assertRejected(rsaCert(), rsaKey(), rsaKey(), "ca:", "no CERTIFICATE block found", "is this a private key?");
    }

    @Test
    void emptyCa() {
        assertRejected(rsaCert(), rsaKey(), new byte[0], "ca:", "empty");
    }

    // ---------------------------------------------------------------- files and nulls

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws Exception {
        Path cert = Files.write(dir.resolve("c.crt"), rsaCert());
        Path key = Files.write(dir.resolve("c.key"), rsaKey());
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> PemTls.clientContext(missing, key, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificate file " + missing);
        assertThatThrownBy(() -> PemTls.clientContext(cert, missing, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("private key file " + missing);
        assertThatThrownBy(() -> PemTls.clientContext(cert, key, missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CA file " + missing);
        assertThatThrownBy(() -> PemTls.clientContext(cert, dir, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("private key file " + dir);
    }

    @Test
    void nullsAreNamed() {
        assertThatThrownBy(() -> PemTls.clientContext(null, rsaKey(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("certificateChainPem");
        assertThatThrownBy(() -> PemTls.clientContext(rsaCert(), null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("privateKeyPem");
        Path somewhere = Path.of("x");
        assertThatThrownBy(() -> PemTls.clientContext(null, somewhere, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("certificateFile");
        assertThatThrownBy(() -> PemTls.clientContext(somewhere, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("privateKeyFile");
    }
}
