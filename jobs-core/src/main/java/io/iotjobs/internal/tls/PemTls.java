package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Builds a client {@link SSLContext} for mutual TLS from PEM text, as AWS IoT issues it: a certificate (chain,
 * leaf first), its private key and, optionally, the CA certificates to trust (otherwise the JVM's default trust
 * store is used).
 *
 * <p>Accepted private key formats: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what AWS IoT issues), unencrypted
 * PKCS#8 ({@code BEGIN PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}, with or without a preceding
 * {@code BEGIN EC PARAMETERS} block). RSA and EC keys are supported. PEM is read with BouncyCastle's PEM parser;
 * the key is converted, stored and used by the JDK's own providers (BouncyCastle is not registered as a JCA
 * provider).
 *
 * <p>Inputs may carry other PEM blocks besides the expected ones (a file holding both the certificate and the
 * key can be given as both inputs); text outside PEM blocks is ignored.
 *
 * <p>Every problem with an input is reported as an {@link IllegalArgumentException} whose message starts with
 * the input's name ({@code certificate:}, {@code privateKey:}, {@code ca:}) and says what is wrong. A
 * {@code null} certificate or key is a programming error and throws a {@link NullPointerException} naming it.
 *
 * <p>The client always presents its configured certificate, whatever certificate authorities the server lists
 * in its certificate request, so that a wrong certificate is rejected by the server with a clear alert
 * instead of silently not being sent.
 */
public final class PemTls {

    private static final String CERTIFICATE = "certificate";
    private static final String PRIVATE_KEY = "privateKey";
    private static final String CA = "ca";
    private static final String KEY_ALIAS = "client";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PemTls() {}

    /**
     * Builds a client TLS context from PEM files.
     *
     * @param certificateFile the client certificate (chain, leaf first) in PEM
     * @param privateKeyFile the client certificate's private key in PEM
     * @param caFile the CA certificates to trust in PEM, or {@code null} for the JVM's default trust store
     * @return a {@code TLS} context with the client identity and trust configured
     * @throws IllegalArgumentException if a file cannot be read or its content is not acceptable; the message
     *     names the file
     * @throws NullPointerException if {@code certificateFile} or {@code privateKeyFile} is {@code null}
     */
    public static SSLContext clientContext(Path certificateFile, Path privateKeyFile, Path caFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Input certificate = new Input(CERTIFICATE, read(certificateFile, "certificate file"), certificateFile);
        Input key = new Input(PRIVATE_KEY, read(privateKeyFile, "private key file"), privateKeyFile);
        Input ca = caFile == null ? null : new Input(CA, read(caFile, "CA file"), caFile);
        return build(certificate, key, ca);
    }

    /**
     * Builds a client TLS context from PEM text.
     *
     * @param certificateChainPem the client certificate (chain, leaf first) in PEM
     * @param privateKeyPem the client certificate's private key in PEM
     * @param caPem the CA certificates to trust in PEM, or {@code null} for the JVM's default trust store
     * @return a {@code TLS} context with the client identity and trust configured
     * @throws IllegalArgumentException if an input is not acceptable; the message names the input
     * @throws NullPointerException if {@code certificateChainPem} or {@code privateKeyPem} is {@code null}
     */
    public static SSLContext clientContext(byte[] certificateChainPem, byte[] privateKeyPem, byte[] caPem) {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        return build(
                new Input(CERTIFICATE, certificateChainPem, null),
                new Input(PRIVATE_KEY, privateKeyPem, null),
                caPem == null ? null : new Input(CA, caPem, null));
    }

    /**
     * The key and trust managers for mutual TLS from PEM text, for transports that take managers rather than a
     * context.
     *
     * @param certificateChainPem the client certificate (chain, leaf first) in PEM
     * @param privateKeyPem the client certificate's private key in PEM
     * @param caPem the CA certificates to trust in PEM, or {@code null} for the JVM's default trust store
     * @return TLS settings holding the managers (ALPN and host name verification still to be set)
     * @throws IllegalArgumentException if an input is not acceptable; the message names the input
     * @throws NullPointerException if {@code certificateChainPem} or {@code privateKeyPem} is {@code null}
     */
    public static TlsSettings.Builder tlsSettings(byte[] certificateChainPem, byte[] privateKeyPem, byte[] caPem) {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        return managers(
                new Input(CERTIFICATE, certificateChainPem, null),
                new Input(PRIVATE_KEY, privateKeyPem, null),
                caPem == null ? null : new Input(CA, caPem, null));
    }

    /**
     * The client identity in PEM text, parsed and checked as {@link #tlsSettings} checks it.
     *
     * @param certificateChainPem the client certificate (chain, leaf first) in PEM
     * @param privateKeyPem the client certificate's private key in PEM
     * @return the key and chain
     * @throws IllegalArgumentException if an input is not acceptable; the message names the input
     */
    public static KeyIdentity identity(byte[] certificateChainPem, byte[] privateKeyPem) {
        Input certificateInput =
                new Input(CERTIFICATE, Objects.requireNonNull(certificateChainPem, "certificateChainPem"), null);
        Input keyInput = new Input(PRIVATE_KEY, Objects.requireNonNull(privateKeyPem, "privateKeyPem"), null);
        List<X509Certificate> chain = certificates(certificateInput);
        PrivateKey key = privateKey(keyInput);
        checkKeyMatches(keyInput, key, chain.get(0));
        return new KeyIdentity(key, chain);
    }

    /**
     * The certificates in PEM text, for example a device certificate kept beside a key on a token.
     *
     * @param name the input's name, first in every message
     * @param pem the PEM text
     * @return the certificates, in the order found, at least one
     * @throws IllegalArgumentException if the text holds no valid certificate; the message starts with the name
     */
    public static List<X509Certificate> certificates(String name, byte[] pem) {
        return certificates(new Input(name, Objects.requireNonNull(pem, name), null));
    }

    /**
     * Trust managers that trust the CA certificates in PEM text.
     *
     * @param caPem the CA certificates in PEM
     * @return the trust managers
     * @throws IllegalArgumentException naming {@code ca} if the text holds no valid certificate
     */
    public static List<TrustManager> trustManagers(byte[] caPem) {
        return trustManagers(new Input(CA, Objects.requireNonNull(caPem, "caPem"), null));
    }

    private static List<TrustManager> trustManagers(Input caInput) {
        List<X509Certificate> cas = certificates(caInput);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return List.of(tmf.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust managers: " + e, e);
        }
    }

    private static SSLContext build(Input certificateInput, Input keyInput, Input caInput) {
        return managers(certificateInput, keyInput, caInput).build().context();
    }

    private static TlsSettings.Builder managers(Input certificateInput, Input keyInput, Input caInput) {
        List<X509Certificate> chain = certificates(certificateInput);
        PrivateKey key = privateKey(keyInput);
        checkKeyMatches(keyInput, key, chain.get(0));
        try {
            char[] password = randomPassword();
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, password);
            KeyManager[] keyManagers = kmf.getKeyManagers();
            for (int i = 0; i < keyManagers.length; i++) {
                if (keyManagers[i] instanceof X509ExtendedKeyManager) {
                    keyManagers[i] = new IgnoreIssuersKeyManager((X509ExtendedKeyManager) keyManagers[i]);
                }
            }
            TlsSettings.Builder settings = TlsSettings.builder().keyManagers(List.of(keyManagers));
            if (caInput != null) {
                settings.trustManagers(trustManagers(caInput));
            }
            return settings;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context: " + e, e);
        }
    }

    // ---------------------------------------------------------------- certificates

    private static List<X509Certificate> certificates(Input input) {
        List<PemObject> blocks = blocks(input);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 certificate factory in this JVM", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Set<String> otherTypes = new LinkedHashSet<>();
        for (PemObject block : blocks) {
            String type = block.getType();
            if (!type.equals("CERTIFICATE") && !type.equals("X509 CERTIFICATE")) {
                otherTypes.add(type);
                continue;
            }
            int index = certificates.size() + 1;
            Certificate certificate;
            try {
                certificate = factory.generateCertificate(new ByteArrayInputStream(block.getContent()));
            } catch (CertificateException | RuntimeException e) {
                throw input.invalid("certificate " + index + " is not a valid X.509 certificate (" + e + ")", e);
            }
            if (!(certificate instanceof X509Certificate)) {
                throw input.invalid("certificate " + index + " is not an X.509 certificate");
            }
            certificates.add((X509Certificate) certificate);
        }
        if (certificates.isEmpty()) {
            throw input.invalid("no CERTIFICATE block found (found " + String.join(", ", otherTypes)
                    + hint(otherTypes, "PRIVATE KEY", "is this a private key?") + ")");
        }
        return certificates;
    }

    // ---------------------------------------------------------------- private key

    private static PrivateKey privateKey(Input input) {
        List<PemObject> blocks = blocks(input);
        List<PemObject> keys = new ArrayList<>();
        Set<String> otherTypes = new LinkedHashSet<>();
        for (PemObject block : blocks) {
            if (block.getType().endsWith("PRIVATE KEY")) {
                keys.add(block);
            } else {
                otherTypes.add(block.getType());
            }
        }
        if (keys.isEmpty()) {
            throw input.invalid("no private key block found (found " + String.join(", ", otherTypes)
                    + hint(otherTypes, "CERTIFICATE", "is this a certificate?") + ")");
        }
        if (keys.size() > 1) {
            throw input.invalid("found " + keys.size() + " private key blocks, expected one");
        }
        PemObject block = keys.get(0);
        String type = block.getType();
        if (type.equals("ENCRYPTED PRIVATE KEY") || isLegacyEncrypted(block)) {
            throw input.invalid("the key (" + type + ") is encrypted; encrypted keys are not supported,"
                    + " decrypt it first (for example with openssl pkey)");
        }
        if (!type.equals("RSA PRIVATE KEY") && !type.equals("PRIVATE KEY") && !type.equals("EC PRIVATE KEY")) {
            throw input.invalid("unsupported key type (" + type + "); supported: RSA PRIVATE KEY (PKCS#1),"
                    + " PRIVATE KEY (PKCS#8), EC PRIVATE KEY (SEC1)");
        }

        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(reencode(block)))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw input.invalid("the " + type + " block is not a valid key (" + e + ")", e);
        }

        PrivateKeyInfo info;
        if (parsed instanceof PEMKeyPair) {
            info = ((PEMKeyPair) parsed).getPrivateKeyInfo();
        } else if (parsed instanceof PrivateKeyInfo) {
            info = (PrivateKeyInfo) parsed;
        } else if (parsed instanceof PEMEncryptedKeyPair || parsed instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw input.invalid("the key is encrypted; encrypted keys are not supported");
        } else {
            throw input.invalid("the " + type + " block is not a valid key ("
                    + (parsed == null
                            ? "nothing could be read"
                            : "read a " + parsed.getClass().getSimpleName())
                    + ")");
        }
        if (info == null) {
            throw input.invalid("the " + type + " block is not a valid key");
        }

        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            String algorithm = info.getPrivateKeyAlgorithm() == null
                    ? "?"
                    : String.valueOf(info.getPrivateKeyAlgorithm().getAlgorithm());
            throw input.invalid(
                    "the key (algorithm " + algorithm + ") cannot be loaded (" + rootMessage(e)
                            + "); supported key types: RSA, EC",
                    e);
        }
        String algorithm = key.getAlgorithm();
        if (!"RSA".equals(algorithm) && !"EC".equals(algorithm)) {
            throw input.invalid("unsupported key type " + algorithm + "; supported key types: RSA, EC");
        }
        return key;
    }

    private static boolean isLegacyEncrypted(PemObject block) {
        for (Object header : block.getHeaders()) {
            if (header instanceof PemHeader) {
                PemHeader pemHeader = (PemHeader) header;
                if ("Proc-Type".equalsIgnoreCase(pemHeader.getName())
                        && pemHeader.getValue() != null
                        && pemHeader.getValue().toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String reencode(PemObject block) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(block);
        }
        return text.toString();
    }

    private static void checkKeyMatches(Input keyInput, PrivateKey key, X509Certificate leaf) {
        PublicKey publicKey = leaf.getPublicKey();
        String subject = leaf.getSubjectX500Principal().getName();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw keyInput.invalid("does not match the certificate (the key is " + key.getAlgorithm()
                    + ", the certificate " + subject + " has a " + publicKey.getAlgorithm() + " public key)");
        }
        if (!new KeyIdentity(key, List.of(leaf)).keyMatchesCertificate()) {
            throw keyInput.invalid("does not match the certificate " + subject
                    + " (a signature made with the key does not verify with the certificate's public key)");
        }
    }

    // ---------------------------------------------------------------- PEM blocks

    private static List<PemObject> blocks(Input input) {
        if (input.bytes.length == 0) {
            throw input.invalid("is empty, expected PEM text");
        }
        List<PemObject> blocks = new ArrayList<>();
        Reader text = new InputStreamReader(new ByteArrayInputStream(input.bytes), StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(text)) {
            PemObject block;
            while ((block = parser.readPemObject()) != null) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw input.invalid("malformed PEM (" + rootMessage(e) + ")", e);
        }
        if (blocks.isEmpty()) {
            throw input.invalid("no PEM block found (expected text with -----BEGIN ...----- lines;"
                    + " binary DER is not supported)");
        }
        return blocks;
    }

    private static String hint(Set<String> types, String typeSuffix, String hint) {
        for (String type : types) {
            if (type.endsWith(typeSuffix)) {
                return "; " + hint;
            }
        }
        return "";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e + ", caused by " + root;
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read (" + e + ")", e);
        }
    }

    private static char[] randomPassword() {
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + RANDOM.nextInt(26));
        }
        return password;
    }

    /** One input: its name in messages, its bytes, and the file it came from (or {@code null}). */
    private static final class Input {
        final String name;
        final byte[] bytes;
        final Path file;

        Input(String name, byte[] bytes, Path file) {
            this.name = name;
            this.bytes = bytes;
            this.file = file;
        }

        IllegalArgumentException invalid(String problem) {
            return invalid(problem, null);
        }

        IllegalArgumentException invalid(String problem, Throwable cause) {
            String where = file == null ? "" : " [file " + file + "]";
            return new IllegalArgumentException(name + ": " + problem + where, cause);
        }
    }

    /**
     * A key manager that ignores the certificate authorities a server lists when it asks for the client
     * certificate: the client has exactly one identity and always offers it.
     */
    private static final class IgnoreIssuersKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;

        IgnoreIssuersKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
