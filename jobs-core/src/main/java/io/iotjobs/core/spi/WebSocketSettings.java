package io.iotjobs.core.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * MQTT over WebSockets: the HTTP upgrade request of each connection attempt. A transport asks for a fresh
 * {@link Handshake} before every attempt (a request signed with Signature Version 4 carries the time and the
 * credentials of that moment), and sends its request target and headers. TLS, if any, is
 * {@link ConnectionSettings#tls()} as for MQTT over TCP. Immutable and thread-safe.
 */
public final class WebSocketSettings {

    private final String path;
    private final boolean signedQuery;
    private final Supplier<Handshake> handshakes;

    private WebSocketSettings(String path, boolean signedQuery, Supplier<Handshake> handshakes) {
        this.path = path;
        this.signedQuery = signedQuery;
        this.handshakes = handshakes;
    }

    /**
     * WebSockets whose upgrade requests come from {@code handshakes}.
     *
     * @param path the request path, e.g. {@code /mqtt}
     * @param signedQuery whether the query string carries a signature (so a library must send it byte for byte)
     * @param handshakes makes the upgrade request of one attempt; throws {@link IllegalStateException} when no
     *     attempt can be made now (credentials missing or expired), with a message saying why
     * @return the settings
     */
    public static WebSocketSettings of(String path, boolean signedQuery, Supplier<Handshake> handshakes) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handshakes, "handshakes");
        return new WebSocketSettings(path, signedQuery, handshakes);
    }

    /**
     * The request path.
     *
     * @return the path, starting with {@code /}
     */
    public String path() {
        return path;
    }

    /**
     * Whether the query string carries a Signature Version 4 signature, which breaks if a library re-encodes it.
     *
     * @return the flag
     */
    public boolean signedQuery() {
        return signedQuery;
    }

    /**
     * The upgrade request for the next connection attempt; call it once per attempt, just before it.
     *
     * @return the request's path, query and extra headers
     * @throws IllegalStateException if no attempt can be made now (the message says why: credentials missing or
     *     expired)
     */
    public Handshake handshake() {
        return handshakes.get();
    }

    @Override
    public String toString() {
        return "WebSocketSettings{" + path + (signedQuery ? ", SigV4" : "") + "}";
    }

    /**
     * The HTTP upgrade request of one attempt.
     *
     * @param path the request path, starting with {@code /}
     * @param query the raw (already encoded) query string without {@code ?}, or empty for none
     * @param headers extra request headers, name to value, in order
     */
    public record Handshake(String path, String query, Map<String, String> headers) {

        /**
         * Checks and copies the parts.
         *
         * @param path the request path
         * @param query the raw query string, or empty
         * @param headers the extra headers
         */
        public Handshake {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(query, "query");
            headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        }

        /**
         * The request target as sent on the request line: the path, then {@code ?} and the query if there is one.
         *
         * @return the request target
         */
        public String target() {
            return query.isEmpty() ? path : path + "?" + query;
        }
    }
}
