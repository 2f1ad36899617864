package io.iotjobs.internal.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptor;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * A small public key infrastructure generated at run time, for TLS tests: no key or certificate is checked
 * in, nothing expires between runs.
 *
 * <p>It holds:
 * <ul>
 *   <li>{@link #ca()}: a self-signed CA (RSA 2048, basicConstraints CA);</li>
 *   <li>{@link #server()}: a server certificate signed by the CA, with the subject alternative names
 *       {@code localhost} and {@code 127.0.0.1} (RSA 2048);</li>
 *   <li>{@link #clientRsa()} and {@link #clientEc()}: client certificates signed by the CA (RSA 2048, EC
 *       P-256);</li>
 *   <li>{@link #clientExpired()}: a client certificate signed by the CA that expired a day ago (EC P-256), and
 *       {@link #clientNotYetValid()}, one that becomes valid tomorrow;</li>
 *   <li>{@link #otherCa()} and {@link #otherClient()}: an unrelated CA and a client certificate it signed.</li>
 * </ul>
 *
 * <p>Each {@link Identity} writes its certificate and its private key as PEM in the formats devices meet
 * ({@link KeyFormat}): RSA PKCS#1, PKCS#8, EC SEC1 (with or without an {@code EC PARAMETERS} block), and
 * encrypted keys for negative tests. {@link #writeTo(Path)} writes everything as files, including a PKCS12
 * server key store and a PKCS12 trust store holding the CA, for brokers with a TLS listener.
 *
 * <p>Generating keys takes a moment, so tests normally use the one {@link #shared()} instance. Only the JDK's
 * providers are used (BouncyCastle builds and writes the certificates but is not registered as a provider).
 */
public final class TestPki {

    /** Password of the PKCS12 key stores this class creates and writes. */
    public static final String KEY_STORE_PASSWORD = "test-password";

    /** File name of the CA certificate (PEM) written by {@link #writeTo(Path)}. */
    public static final String CA_CERT_FILE = "ca.crt";
    /** File name of the unrelated CA's certificate (PEM). */
    public static final String OTHER_CA_CERT_FILE = "other-ca.crt";
    /** File name of the server certificate (PEM, leaf only). */
    public static final String SERVER_CERT_FILE = "server.crt";
    /** File name of the server certificate chain (PEM, server then CA). */
    public static final String SERVER_CHAIN_FILE = "server-chain.crt";
    /** File name of the server private key (PEM, PKCS#8). */
    public static final String SERVER_KEY_FILE = "server.key";
    /** File name of the server key store (PKCS12, alias {@code server}, password {@link #KEY_STORE_PASSWORD}). */
    public static final String SERVER_KEY_STORE_FILE = "server.p12";
    /** File name of the trust store holding the CA (PKCS12, alias {@code ca}, password {@link #KEY_STORE_PASSWORD}). */
    public static final String TRUST_STORE_FILE = "truststore.p12";
    /** File name of the RSA client certificate (PEM). */
    public static final String CLIENT_RSA_CERT_FILE = "client-rsa.crt";
    /** File name of the RSA client key in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    public static final String CLIENT_RSA_PKCS1_KEY_FILE = "client-rsa.pkcs1.key";
    /** File name of the RSA client key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static final String CLIENT_RSA_PKCS8_KEY_FILE = "client-rsa.pkcs8.key";
    /** File name of the EC client certificate (PEM). */
    public static final String CLIENT_EC_CERT_FILE = "client-ec.crt";
    /** File name of the EC client key in SEC1 ({@code BEGIN EC PRIVATE KEY}). */
    public static final String CLIENT_EC_SEC1_KEY_FILE = "client-ec.sec1.key";
    /** File name of the EC client key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static final String CLIENT_EC_PKCS8_KEY_FILE = "client-ec.pkcs8.key";
    /** File name of the expired client certificate (PEM). */
    public static final String CLIENT_EXPIRED_CERT_FILE = "client-expired.crt";
    /** File name of the expired client certificate's key (SEC1). */
    public static final String CLIENT_EXPIRED_KEY_FILE = "client-expired.key";
    /** File name of the client certificate signed by the unrelated CA (PEM). */
    public static final String OTHER_CLIENT_CERT_FILE = "other-client.crt";
    /** File name of that client's key (SEC1). */
    public static final String OTHER_CLIENT_KEY_FILE = "other-client.key";

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Used only to encrypt keys for negative tests (the OpenSSL key derivation is not in the JDK); passed as an
     * instance, never registered as a JCA provider.
     */
    private static final Provider ENCRYPTION_PROVIDER = new BouncyCastleProvider();
    private static TestPki shared;

    private final Identity ca;
    private final Identity server;
    private final Identity clientRsa;
    private final Identity clientEc;
    private final Identity clientExpired;
    private final Identity clientNotYetValid;
    private final Identity otherCa;
    private final Identity otherClient;

    /** How a private key is written as PEM. */
    public enum KeyFormat {
        /** PKCS#1, {@code BEGIN RSA PRIVATE KEY}; RSA keys only. What AWS IoT issues. */
        PKCS1("RSA PRIVATE KEY"),
        /** Unencrypted PKCS#8, {@code BEGIN PRIVATE KEY}; any key. */
        PKCS8("PRIVATE KEY"),
        /** SEC1, {@code BEGIN EC PRIVATE KEY} (with the curve and the public key inside); EC keys only. */
        SEC1("EC PRIVATE KEY"),
        /** SEC1 preceded by a {@code BEGIN EC PARAMETERS} block naming the curve, as some tools write it. */
        SEC1_WITH_PARAMETERS("EC PRIVATE KEY");

        private final String pemType;

        KeyFormat(String pemType) {
            this.pemType = pemType;
        }

        /**
         * Returns the PEM block type of the key.
         *
         * @return for example {@code RSA PRIVATE KEY}
         */
        public String pemType() {
            return pemType;
        }

        /**
         * Returns the BEGIN line of the key block.
         *
         * @return for example {@code -----BEGIN RSA PRIVATE KEY-----}
         */
        public String beginLine() {
            return "-----BEGIN " + pemType + "-----";
        }
    }

    /** A certificate with its chain and private key. */
    public static final class Identity {
        private final KeyPair keyPair;
        private final X509Certificate certificate;
        private final List<X509Certificate> chain;

        Identity(KeyPair keyPair, X509Certificate certificate, List<X509Certificate> chain) {
            this.keyPair = keyPair;
            this.certificate = certificate;
            this.chain = List.copyOf(chain);
        }

        /**
         * Returns the certificate.
         *
         * @return the certificate
         */
        public X509Certificate certificate() {
            return certificate;
        }

        /**
         * Returns the chain: this certificate first, then its issuers up to the CA (a CA's chain is itself).
         *
         * @return the chain
         */
        public List<X509Certificate> chain() {
            return chain;
        }

        /**
         * Returns the private key.
         *
         * @return the private key
         */
        public PrivateKey privateKey() {
            return keyPair.getPrivate();
        }

        /**
         * Returns the key pair.
         *
         * @return the key pair
         */
        public KeyPair keyPair() {
            return keyPair;
        }

        /**
         * Returns the subject of the certificate, as {@link javax.security.auth.x500.X500Principal#getName()}.
         *
         * @return for example {@code CN=client-rsa,O=IoT Jobs Test}
         */
        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }

        /**
         * Returns the certificate as PEM (one {@code CERTIFICATE} block).
         *
         * @return the PEM text, US-ASCII
         */
        public byte[] certificatePem() {
            return pem(List.of(certificate));
        }

        /**
         * Returns the chain as PEM ({@code CERTIFICATE} blocks, this certificate first).
         *
         * @return the PEM text, US-ASCII
         */
        public byte[] chainPem() {
            return pem(new ArrayList<>(chain));
        }

        /**
         * Returns the private key as PEM.
         *
         * @param format the format
         * @return the PEM text, US-ASCII
         * @throws IllegalArgumentException if the format does not fit the key type (PKCS#1 is for RSA, SEC1 for
         *     EC)
         */
        public byte[] privateKeyPem(KeyFormat format) {
            PrivateKey key = privateKey();
            String algorithm = key.getAlgorithm();
            switch (format) {
                case PKCS1:
                    requireAlgorithm(format, "RSA");
                    return pem(List.of(misc(key)));
                case PKCS8:
                    return pem(List.of(pkcs8(key, null)));
                case SEC1:
                    requireAlgorithm(format, "EC");
                    return pem(List.of(misc(sec1Info())));
                case SEC1_WITH_PARAMETERS:
                    requireAlgorithm(format, "EC");
                    return pem(List.of(new PemObject("EC PARAMETERS", encoded(curve())),
                            misc(sec1Info())));
                default:
                    throw new IllegalArgumentException("unknown format " + format + " for a " + algorithm + " key");
            }
        }

        /**
         * Returns the private key as encrypted PEM: for {@link KeyFormat#PKCS8} an {@code ENCRYPTED PRIVATE KEY}
         * block (PBES2, AES-256-CBC), for {@link KeyFormat#PKCS1} and {@link KeyFormat#SEC1} the traditional
         * OpenSSL encryption ({@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info} headers, AES-128-CBC).
         *
         * @param format the format
         * @param password the password
         * @return the PEM text, US-ASCII
         * @throws IllegalArgumentException if the format does not fit the key type or cannot be encrypted
         */
        public byte[] encryptedPrivateKeyPem(KeyFormat format, char[] password) {
            PrivateKey key = privateKey();
            try {
                switch (format) {
                    case PKCS8:
                        return pem(List.of(pkcs8(key,
                                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                                        .setProvider(ENCRYPTION_PROVIDER).setRandom(RANDOM).setPassword(password)
                                        .build())));
                    case PKCS1:
                        requireAlgorithm(format, "RSA");
                        return pem(List.of(misc(key, traditionalEncryptor(password))));
                    case SEC1:
                        requireAlgorithm(format, "EC");
                        return pem(List.of(misc(sec1Info(), traditionalEncryptor(password))));
                    default:
                        throw new IllegalArgumentException("cannot encrypt in format " + format);
                }
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static PEMEncryptor traditionalEncryptor(char[] password) {
            return new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(ENCRYPTION_PROVIDER).setSecureRandom(RANDOM)
                    .build(password);
        }

        private void requireAlgorithm(KeyFormat format, String algorithm) {
            if (!privateKey().getAlgorithm().equals(algorithm)) {
                throw new IllegalArgumentException(format + " is for " + algorithm + " keys, this key is "
                        + privateKey().getAlgorithm());
            }
        }

        /** The named curve of an EC key, from the certificate's public key. */
        ASN1Encodable curve() {
            return SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getAlgorithm().getParameters();
        }

        /**
         * The key as a PKCS#8 structure whose inner SEC1 key carries the curve and the public key, as OpenSSL
         * writes it (the JDK's own encoding leaves both out, and a SEC1 file without the curve is unusable).
         */
        private PrivateKeyInfo sec1Info() {
            ECPrivateKey ecKey = (ECPrivateKey) privateKey();
            int orderBits = ecKey.getParams().getOrder().bitLength();
            SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits,
                    ecKey.getS(), publicInfo.getPublicKeyData(), curve());
            try {
                return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve()), sec1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestPki() {
        Instant now = Instant.now();
        Instant notBefore = now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(Duration.ofDays(30));

        KeyPair caKeys = rsa();
        X500Name caName = new X500Name("CN=IoT Jobs Test CA,O=IoT Jobs Test");
        ca = selfSignedCa(caName, caKeys, notBefore, notAfter);
        server = issue(ca, "CN=localhost,O=IoT Jobs Test", rsa(), notBefore, notAfter, true);
        clientRsa = issue(ca, "CN=client-rsa,O=IoT Jobs Test", rsa(), notBefore, notAfter, false);
        clientEc = issue(ca, "CN=client-ec,O=IoT Jobs Test", ec(), notBefore, notAfter, false);
        clientExpired = issue(ca, "CN=client-expired,O=IoT Jobs Test", ec(), now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)), false);
        clientNotYetValid = issue(ca, "CN=client-not-yet-valid,O=IoT Jobs Test", ec(), now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)), false);
        otherCa = selfSignedCa(new X500Name("CN=Other Test CA,O=Elsewhere"), ec(), notBefore, notAfter);
        otherClient = issue(otherCa, "CN=other-client,O=Elsewhere", ec(), notBefore, notAfter, false);
    }

    /**
     * Generates a new PKI (a few hundred milliseconds).
     *
     * @return a new PKI
     */
    public static TestPki generate() {
        return new TestPki();
    }

    /**
     * Returns one PKI shared by all tests in this JVM, generated on first use.
     *
     * @return the shared PKI
     */
    public static synchronized TestPki shared() {
        if (shared == null) {
            shared = new TestPki();
        }
        return shared;
    }

    /**
     * Returns the CA (self-signed, RSA).
     *
     * @return the CA
     */
    public Identity ca() {
        return ca;
    }

    /**
     * Returns the server identity (signed by the CA; SANs {@code localhost} and {@code 127.0.0.1}; RSA).
     *
     * @return the server
     */
    public Identity server() {
        return server;
    }

    /**
     * Returns a client identity with an RSA key, signed by the CA.
     *
     * @return the client
     */
    public Identity clientRsa() {
        return clientRsa;
    }

    /**
     * Returns a client identity with an EC P-256 key, signed by the CA.
     *
     * @return the client
     */
    public Identity clientEc() {
        return clientEc;
    }

    /**
     * Returns a client identity signed by the CA whose certificate expired a day ago (EC P-256).
     *
     * @return the client
     */
    public Identity clientExpired() {
        return clientExpired;
    }

    /**
     * Returns a client identity signed by the CA whose certificate becomes valid tomorrow (EC P-256).
     *
     * @return the client
     */
    public Identity clientNotYetValid() {
        return clientNotYetValid;
    }

    /**
     * Returns a second CA, unrelated to {@link #ca()} (self-signed, EC P-256).
     *
     * @return the other CA
     */
    public Identity otherCa() {
        return otherCa;
    }

    /**
     * Returns a client identity signed by {@link #otherCa()} (EC P-256).
     *
     * @return the client
     */
    public Identity otherClient() {
        return otherClient;
    }

    /**
     * Returns the CA certificate as PEM.
     *
     * @return the PEM text
     */
    public byte[] caPem() {
        return ca.certificatePem();
    }

    /**
     * Returns a PKCS12 key store with the server key and chain (server, CA) under the alias {@code server},
     * protected with {@link #KEY_STORE_PASSWORD}.
     *
     * @return the key store
     */
    public KeyStore serverKeyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", server.privateKey(), KEY_STORE_PASSWORD.toCharArray(),
                    server.chain().toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns a PKCS12 trust store holding the CA certificate under the alias {@code ca}.
     *
     * @return the trust store
     */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns a server TLS context: the server identity from {@link #serverKeyStore()}, trusting client
     * certificates issued by the CA ({@link #trustStore()}). Whether client certificates are required is set on
     * the server socket.
     *
     * @return the context
     */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(serverKeyStore(), KEY_STORE_PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes every certificate, key and key store into a directory, under the {@code *_FILE} names of this
     * class.
     *
     * @param directory the directory; created if missing
     * @return the directory
     * @throws UncheckedIOException if writing fails
     */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(CA_CERT_FILE), ca.certificatePem());
            Files.write(directory.resolve(OTHER_CA_CERT_FILE), otherCa.certificatePem());
            Files.write(directory.resolve(SERVER_CERT_FILE), server.certificatePem());
            Files.write(directory.resolve(SERVER_CHAIN_FILE), server.chainPem());
            Files.write(directory.resolve(SERVER_KEY_FILE), server.privateKeyPem(KeyFormat.PKCS8));
            Files.write(directory.resolve(CLIENT_RSA_CERT_FILE), clientRsa.certificatePem());
            Files.write(directory.resolve(CLIENT_RSA_PKCS1_KEY_FILE), clientRsa.privateKeyPem(KeyFormat.PKCS1));
            Files.write(directory.resolve(CLIENT_RSA_PKCS8_KEY_FILE), clientRsa.privateKeyPem(KeyFormat.PKCS8));
            Files.write(directory.resolve(CLIENT_EC_CERT_FILE), clientEc.certificatePem());
            Files.write(directory.resolve(CLIENT_EC_SEC1_KEY_FILE), clientEc.privateKeyPem(KeyFormat.SEC1));
            Files.write(directory.resolve(CLIENT_EC_PKCS8_KEY_FILE), clientEc.privateKeyPem(KeyFormat.PKCS8));
            Files.write(directory.resolve(CLIENT_EXPIRED_CERT_FILE), clientExpired.certificatePem());
            Files.write(directory.resolve(CLIENT_EXPIRED_KEY_FILE), clientExpired.privateKeyPem(KeyFormat.SEC1));
            Files.write(directory.resolve(OTHER_CLIENT_CERT_FILE), otherClient.certificatePem());
            Files.write(directory.resolve(OTHER_CLIENT_KEY_FILE), otherClient.privateKeyPem(KeyFormat.SEC1));
            store(serverKeyStore(), directory.resolve(SERVER_KEY_STORE_FILE));
            store(trustStore(), directory.resolve(TRUST_STORE_FILE));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- generation

    private static void store(KeyStore store, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, KEY_STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Identity selfSignedCa(X500Name name, KeyPair keys, Instant notBefore, Instant notAfter) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new Identity(keys, certificate, List.of(certificate));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Identity issue(Identity issuer, String subject, KeyPair keys, Instant notBefore,
            Instant notAfter, boolean server) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(), serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature;
            if ("RSA".equals(keys.getPublic().getAlgorithm())) {
                usage |= KeyUsage.keyEncipherment;
            }
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuer.certificate()));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                }));
            }
            X509Certificate certificate = sign(builder, issuer.privateKey());
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            chain.addAll(issuer.chain());
            return new Identity(keys, certificate, chain);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        String algorithm = "RSA".equals(issuerKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    // ---------------------------------------------------------------- PEM

    private static PemObjectGenerator pkcs8(PrivateKey key, OutputEncryptor encryptor) {
        try {
            return new JcaPKCS8Generator(key, encryptor).generate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PemObjectGenerator misc(Object object) {
        return misc(object, null);
    }

    private static PemObjectGenerator misc(Object object, PEMEncryptor encryptor) {
        try {
            return new JcaMiscPEMGenerator(object, encryptor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pem(List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                if (object instanceof PemObjectGenerator) {
                    writer.writeObject((PemObjectGenerator) object);
                } else {
                    writer.writeObject(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
