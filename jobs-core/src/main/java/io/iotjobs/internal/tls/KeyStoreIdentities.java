package io.iotjobs.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Client identities from a Java {@link KeyStore}: a PKCS#12 or JKS file (its type found from its content), a key
 * store the caller loaded, or a PKCS#11 token's key store. Every problem is an {@link IllegalArgumentException}
 * whose message starts with the option it concerns.
 */
public final class KeyStoreIdentities {

    private KeyStoreIdentities() {}

    /**
     * Loads a key store file, PKCS#12 or JKS.
     *
     * @param option the option naming the file, first in messages
     * @param file the file
     * @param password the store password ({@code null}: none, integrity not checked)
     * @return the loaded key store
     * @throws IllegalArgumentException if the file cannot be read, is not a key store, or the password is wrong
     */
    public static KeyStore load(String option, Path file, char[] password) {
        Objects.requireNonNull(file, option);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file " + file);
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            if (hasCause(e, UnrecoverableKeyException.class)
                    || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException(
                        option + "Password: wrong password for the key store " + file + " (or the file is damaged)", e);
            }
            throw new IllegalArgumentException(option + ": cannot read the key store " + file + " (" + e + ")", e);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException(
                    option + ": " + file + " is not a PKCS#12 or JKS key store (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(option + ": cannot load the key store " + file + " (" + e + ")", e);
        }
    }

    /**
     * The private key and certificate chain under an alias.
     *
     * @param aliasOption the option naming the alias, first in messages about it
     * @param passwordOption the option naming the key password
     * @param store the loaded key store
     * @param alias the alias of the key entry
     * @param keyPassword the key's password ({@code null} for keys without one, such as a token's)
     * @return the identity, not yet checked (see {@link KeyIdentity#check})
     * @throws IllegalArgumentException if there is no such alias, it holds no private key or certificate, or the
     *     password is wrong
     */
    public static KeyIdentity identity(
            String aliasOption, String passwordOption, KeyStore store, String alias, char[] keyPassword) {
        Objects.requireNonNull(store, "keyStore");
        Objects.requireNonNull(alias, aliasOption);
        try {
            if (!store.containsAlias(alias)) {
                throw new IllegalArgumentException(aliasOption + ": no entry \"" + alias + "\" in the key store"
                        + " (entries: " + describe(store) + ")");
            }
            if (!store.isKeyEntry(alias)) {
                throw new IllegalArgumentException(
                        aliasOption + ": the entry \"" + alias + "\" holds a certificate" + " but no private key");
            }
            Key key;
            try {
                key = store.getKey(alias, keyPassword);
            } catch (UnrecoverableKeyException e) {
                throw new IllegalArgumentException(
                        passwordOption + ": wrong password for the key \"" + alias + "\"", e);
            }
            if (!(key instanceof PrivateKey)) {
                throw new IllegalArgumentException(aliasOption + ": the entry \"" + alias + "\" holds a "
                        + (key == null ? "no key" : "secret key") + ", not a private key");
            }
            Certificate[] certificates = store.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new IllegalArgumentException(
                        aliasOption + ": the entry \"" + alias + "\" has a private key but no certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                if (!(certificate instanceof X509Certificate)) {
                    throw new IllegalArgumentException(
                            aliasOption + ": the entry \"" + alias + "\" holds a certificate that is not X.509");
                }
                chain.add((X509Certificate) certificate);
            }
            return new KeyIdentity((PrivateKey) key, chain);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("keyStore: the key store is not loaded (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(aliasOption + ": cannot read the key \"" + alias + "\" (" + e + ")", e);
        }
    }

    /** The entries for a message: alias and kind, in the store's order. */
    private static String describe(KeyStore store) throws KeyStoreException {
        List<String> entries = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            entries.add("\"" + alias + "\"" + (store.isKeyEntry(alias) ? " (key)" : " (certificate)"));
        }
        return entries.isEmpty() ? "none" : String.join(", ", entries);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
