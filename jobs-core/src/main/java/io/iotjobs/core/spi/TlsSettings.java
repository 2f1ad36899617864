package io.iotjobs.core.spi;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS side of a connection, library-neutral: the client's identity and trust as JSSE key and trust managers
 * (or an {@link SSLContext} the user brought), the ALPN protocols to offer, whether to verify the server's host
 * name, and the TLS versions and cipher suites to enable. Transports map all of it onto their library: a
 * {@code SocketFactory} for Paho, an SSL context for Netty.
 *
 * <p>Immutable and thread-safe (the managers it holds are shared, as JSSE shares them).
 */
public final class TlsSettings {

    private final List<KeyManager> keyManagers;
    private final List<TrustManager> trustManagers;
    private final SSLContext customContext;
    private final List<String> alpnProtocols;
    private final boolean verifyHostname;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private volatile SSLContext context;

    private TlsSettings(Builder builder) {
        this.keyManagers = List.copyOf(builder.keyManagers);
        this.trustManagers = List.copyOf(builder.trustManagers);
        this.customContext = builder.customContext;
        this.alpnProtocols = List.copyOf(builder.alpnProtocols);
        this.verifyHostname = builder.verifyHostname;
        this.protocols = List.copyOf(builder.protocols);
        this.cipherSuites = List.copyOf(builder.cipherSuites);
        if (customContext != null && (!keyManagers.isEmpty() || !trustManagers.isEmpty())) {
            throw new IllegalArgumentException(
                    "sslContext: give either an SSLContext or key and trust managers, " + "not both");
        }
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key managers that present the client's certificate; empty for no client certificate (or when
     * {@link #customContext()} is set).
     *
     * @return the key managers
     */
    public List<KeyManager> keyManagers() {
        return keyManagers;
    }

    /**
     * The trust managers that check the server's certificate; empty for the JVM's default trust store (or when
     * {@link #customContext()} is set).
     *
     * @return the trust managers
     */
    public List<TrustManager> trustManagers() {
        return trustManagers;
    }

    /**
     * A TLS context the user built, used as it is instead of key and trust managers.
     *
     * @return the context, if the user gave one
     */
    public Optional<SSLContext> customContext() {
        return Optional.ofNullable(customContext);
    }

    /**
     * The ALPN protocols to offer, in order of preference (AWS IoT on port 443 needs {@code x-amzn-mqtt-ca} with
     * a client certificate).
     *
     * @return the protocols, possibly empty
     */
    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /**
     * Whether the server certificate must be valid for the host connected to.
     *
     * @return true to verify (the default)
     */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /**
     * The TLS versions to enable on every connection, as JSSE names them ({@code TLSv1.3}, {@code TLSv1.2}).
     *
     * @return the versions; empty for the context's defaults
     */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * The cipher suites to enable on every connection, as JSSE names them, in order of preference.
     *
     * @return the suites; empty for the context's defaults
     */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * The TLS context: the custom one, or one made (once) from the key and trust managers.
     *
     * @return the context
     * @throws IllegalStateException if the JVM cannot make a TLS context
     */
    public SSLContext context() {
        SSLContext made = context;
        if (made == null) {
            if (customContext != null) {
                made = customContext;
            } else {
                try {
                    made = SSLContext.getInstance("TLS");
                    made.init(
                            keyManagers.isEmpty() ? null : keyManagers.toArray(new KeyManager[0]),
                            trustManagers.isEmpty() ? null : trustManagers.toArray(new TrustManager[0]),
                            null);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot build the TLS context: " + e, e);
                }
            }
            context = made;
        }
        return made;
    }

    @Override
    public String toString() {
        return "TlsSettings{"
                + (customContext != null
                        ? "custom context"
                        : keyManagers.isEmpty() ? "no client certificate" : "client certificate")
                + (alpnProtocols.isEmpty() ? "" : ", alpn=" + alpnProtocols)
                + (verifyHostname ? "" : ", no hostname verification")
                + (protocols.isEmpty() ? "" : ", protocols=" + protocols)
                + (cipherSuites.isEmpty() ? "" : ", cipherSuites=" + cipherSuites) + "}";
    }

    /** Builds {@link TlsSettings}. Not thread-safe. */
    public static final class Builder {
        private final List<KeyManager> keyManagers = new ArrayList<>();
        private final List<TrustManager> trustManagers = new ArrayList<>();
        private SSLContext customContext;
        private final List<String> alpnProtocols = new ArrayList<>();
        private boolean verifyHostname = true;
        private final List<String> protocols = new ArrayList<>();
        private final List<String> cipherSuites = new ArrayList<>();

        private Builder() {}

        /**
         * The TLS versions to enable (default: the context's own).
         *
         * @param versions JSSE protocol names such as {@code TLSv1.3}; empty for the defaults
         * @return this builder
         */
        public Builder protocols(List<String> versions) {
            copyNames(versions, protocols, "protocols");
            return this;
        }

        /**
         * The cipher suites to enable (default: the context's own).
         *
         * @param suites JSSE cipher suite names, in order of preference; empty for the defaults
         * @return this builder
         */
        public Builder cipherSuites(List<String> suites) {
            copyNames(suites, cipherSuites, "cipherSuites");
            return this;
        }

        private static void copyNames(List<String> names, List<String> into, String option) {
            List<String> copy = new ArrayList<>();
            for (String name : Objects.requireNonNull(names, option)) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(option + ": must not contain an empty name");
                }
                copy.add(name);
            }
            into.clear();
            into.addAll(copy);
        }

        /**
         * The key managers presenting the client certificate.
         *
         * @param managers the managers
         * @return this builder
         */
        public Builder keyManagers(List<? extends KeyManager> managers) {
            keyManagers.clear();
            Objects.requireNonNull(managers, "keyManagers")
                    .forEach(m -> keyManagers.add(Objects.requireNonNull(m, "keyManagers: null element")));
            return this;
        }

        /**
         * The trust managers checking the server certificate (none: the JVM's default trust store).
         *
         * @param managers the managers
         * @return this builder
         */
        public Builder trustManagers(List<? extends TrustManager> managers) {
            trustManagers.clear();
            Objects.requireNonNull(managers, "trustManagers")
                    .forEach(m -> trustManagers.add(Objects.requireNonNull(m, "trustManagers: null element")));
            return this;
        }

        /**
         * A complete TLS context to use as it is.
         *
         * @param context the context
         * @return this builder
         */
        public Builder customContext(SSLContext context) {
            this.customContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /**
         * The ALPN protocols to offer.
         *
         * @param protocols the protocols, in order of preference
         * @return this builder
         */
        public Builder alpnProtocols(List<String> protocols) {
            alpnProtocols.clear();
            for (String protocol : Objects.requireNonNull(protocols, "alpnProtocols")) {
                if (protocol == null || protocol.isEmpty()) {
                    throw new IllegalArgumentException("alpnProtocols: must not contain an empty protocol");
                }
                alpnProtocols.add(protocol);
            }
            return this;
        }

        /**
         * Whether to verify the server's host name (default true).
         *
         * @param verify the flag
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if both a custom context and managers were given
         */
        public TlsSettings build() {
            return new TlsSettings(this);
        }
    }
}
