package io.iotjobs.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client's TLS identity: a private key (in memory, or a handle to a key on a token that never leaves it) and
 * its certificate chain, leaf first. Whatever the source (PEM, a Java key store, a PKCS#11 token), the identity is
 * checked the same way before anything connects: the key must match the leaf certificate and the certificate must
 * be valid now.
 *
 * @param key the private key
 * @param chain the certificate chain, leaf first, not empty
 */
public record KeyIdentity(PrivateKey key, List<X509Certificate> chain) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALIAS = "client";

    /**
     * Creates an identity.
     *
     * @param key the private key
     * @param chain the certificate chain, leaf first
     * @throws IllegalArgumentException if the chain is empty
     */
    public KeyIdentity {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
    }

    /**
     * The leaf certificate.
     *
     * @return the first certificate of the chain
     */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Whether a signature made with the key verifies with the leaf certificate's public key. The signature is
     * made by whichever provider holds the key (a PKCS#11 token signs on the token).
     *
     * @return true if the key belongs to the certificate
     */
    public boolean keyMatchesCertificate() {
        PublicKey publicKey = leaf().getPublicKey();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // e.g. an EC key on another curve than the certificate's: the verifier cannot even use the signature
            return false;
        }
    }

    /**
     * Checks that the key matches the certificate and the certificate is valid at the given time.
     *
     * @param option the option the identity came from, first in every message
     * @param now the time to check the validity period against
     * @return this identity
     * @throws IllegalArgumentException naming the option, the certificate and the problem
     */
    public KeyIdentity check(String option, Instant now) {
        X509Certificate leaf = leaf();
        String subject = leaf.getSubjectX500Principal().getName();
        if (!keyMatchesCertificate()) {
            throw new IllegalArgumentException(option + ": the private key does not match the certificate " + subject
                    + " (a " + key.getAlgorithm() + " key; a signature made with it does not verify with the"
                    + " certificate's " + leaf.getPublicKey().getAlgorithm() + " public key)");
        }
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new IllegalArgumentException(
                    option + ": the certificate " + subject + " expired on "
                            + leaf.getNotAfter().toInstant() + " (check this machine's clock, or renew it)",
                    e);
        } catch (CertificateNotYetValidException e) {
            throw new IllegalArgumentException(
                    option + ": the certificate " + subject + " is not valid before "
                            + leaf.getNotBefore().toInstant() + " (check this machine's clock)",
                    e);
        }
        return this;
    }

    /**
     * A key manager that always presents this identity, whatever certificate authorities the server lists, so
     * that a wrong certificate is refused by the server with an alert instead of silently not being sent.
     *
     * @return the key manager
     */
    public X509ExtendedKeyManager keyManager() {
        return new SingleIdentityKeyManager(key, chain.toArray(new X509Certificate[0]));
    }

    @Override
    public String toString() {
        return "KeyIdentity{" + leaf().getSubjectX500Principal().getName() + ", " + key.getAlgorithm() + "}";
    }

    /** Presents one key and chain to every server; never acts as a server. */
    private static final class SingleIdentityKeyManager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;
        private final String keyType;

        SingleIdentityKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
            this.keyType = key.getAlgorithm();
        }

        private String alias(String[] keyTypes) {
            if (keyTypes == null) {
                return ALIAS;
            }
            for (String type : keyTypes) {
                if (type.equals(keyType) || type.startsWith(keyType + "_")) {
                    return ALIAS;
                }
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String type, Principal[] issuers) {
            return alias(new String[] {type}) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
            return alias(types);
        }

        @Override
        public String chooseEngineClientAlias(String[] types, Principal[] issuers, SSLEngine engine) {
            return alias(types);
        }

        @Override
        public String[] getServerAliases(String type, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
