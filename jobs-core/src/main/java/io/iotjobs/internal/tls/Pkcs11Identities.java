package io.iotjobs.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client identity whose private key stays on a PKCS#11 token (HSM, TPM, smart card, secure element), reached
 * through the JDK's SunPKCS11 provider.
 *
 * <p>One provider is configured per library and slot and kept for the life of the JVM; it is added to the JCA
 * provider list (last, so that it is only chosen for its own keys), because the JDK's TLS implementation finds
 * the signature of a token key among the installed providers. SunPKCS11 finds a key through its key store, which
 * lists the private keys that have a certificate with the same {@code CKA_ID} on the token, under that
 * certificate's label; that label is the key label asked for. A certificate given by the caller replaces the
 * token's for the TLS handshake (for example to add an intermediate CA).
 *
 * <p>The PIN is checked when the token is logged in, the first time in this JVM; PKCS#11 keeps the login for the
 * whole process, so a later wrong PIN for a token already logged in is not noticed.
 */
public final class Pkcs11Identities {

    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private Pkcs11Identities() {}

    /**
     * Logs in to the token and returns the identity under the key label.
     *
     * @param library the PKCS#11 module (a shared library), an absolute path
     * @param slotId the slot id, or {@code null} to use {@code slotListIndex}
     * @param slotListIndex the index in the module's slot list when {@code slotId} is {@code null}
     * @param pin the user PIN
     * @param keyLabel the label of the key entry
     * @param certificatePem a certificate chain to present instead of the token's, or {@code null}
     * @return the identity (key handle and chain), not yet checked (see {@link KeyIdentity#check})
     * @throws IllegalArgumentException naming the option ({@code pkcs11.library}, {@code pkcs11.slotId},
     *     {@code pkcs11.slotListIndex}, {@code pkcs11.userPin}, {@code pkcs11.privateKeyLabel},
     *     {@code pkcs11.certificate}) and the cause
     */
    public static KeyIdentity identity(
            Path library, Long slotId, int slotListIndex, char[] pin, String keyLabel, byte[] certificatePem) {
        String slotOption = slotId != null ? "pkcs11.slotId" : "pkcs11.slotListIndex";
        String slot = slotId != null ? "slot = " + slotId : "slotListIndex = " + slotListIndex;
        Path absolute = library.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("pkcs11.library: no such file " + absolute);
        }
        if (absolute.toString().chars().anyMatch(c -> c == '"' || Character.isWhitespace(c))) {
            // the provider's configuration is text, one setting a line
            throw new IllegalArgumentException(
                    "pkcs11.library: the path must not contain white space or quotes," + " got " + absolute);
        }
        String config = "library = " + absolute + "\n" + slot + "\n";
        Provider provider = provider(config, absolute, slotOption, slotId != null ? slotId : slotListIndex);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
        } catch (IOException e) {
            throw new IllegalArgumentException(loginFailure(e, slotOption), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new IllegalArgumentException(slotOption + ": cannot open the token's key store (" + e + ")", e);
        }
        KeyIdentity found =
                KeyStoreIdentities.identity("pkcs11.privateKeyLabel", "pkcs11.userPin", store, keyLabel, null);
        if (certificatePem == null) {
            return found;
        }
        List<X509Certificate> chain = PemTls.certificates("pkcs11.certificate", certificatePem);
        return new KeyIdentity(found.key(), chain);
    }

    private static Provider provider(String config, Path library, String slotOption, long slot) {
        Provider known = PROVIDERS.get(config);
        if (known != null) {
            return known;
        }
        synchronized (PROVIDERS) {
            known = PROVIDERS.get(config);
            if (known != null) {
                return known;
            }
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new IllegalArgumentException(
                        "pkcs11: this JVM has no SunPKCS11 provider (module" + " jdk.crypto.cryptoki)");
            }
            Provider configured;
            try {
                configured = base.configure("--name = iotjobs-" + NAMES.incrementAndGet() + "\n" + config);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(configureFailure(e, library, slotOption, slot), e);
            }
            Security.addProvider(configured);
            PROVIDERS.put(config, configured);
            return configured;
        }
    }

    private static String configureFailure(RuntimeException e, Path library, String slotOption, long slot) {
        String causes = causes(e);
        if (causes.contains("CKR_SLOT_ID_INVALID")
                || causes.contains("slotListIndex")
                || causes.contains("CKR_TOKEN_NOT_PRESENT")
                || causes.contains("CKR_TOKEN_NOT_RECOGNIZED")) {
            return slotOption + ": no token in slot " + slot + " of " + library + " (" + causes + ")";
        }
        return "pkcs11.library: cannot use " + library + " as a PKCS#11 module (" + causes + ")";
    }

    private static String loginFailure(IOException e, String slotOption) {
        String causes = causes(e);
        String upper = causes.toUpperCase(Locale.ROOT);
        if (upper.contains("CKR_PIN_INCORRECT") || upper.contains("FAILEDLOGIN")) {
            return "pkcs11.userPin: the token refused the PIN (" + causes + ")";
        }
        if (upper.contains("CKR_PIN_LOCKED")) {
            return "pkcs11.userPin: the token's user PIN is locked (" + causes + ")";
        }
        if (upper.contains("CKR_USER_PIN_NOT_INITIALIZED")) {
            return "pkcs11.userPin: the token has no user PIN set (" + causes + ")";
        }
        return slotOption + ": cannot log in to the token (" + causes + ")";
    }

    /** The messages along the cause chain, for a message that shows the PKCS#11 return code. */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return text.toString();
    }
}
