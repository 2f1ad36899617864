package io.iotjobs.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy that the connection tunnels through with {@code CONNECT} (RFC 9110, section 9.3.6), optionally with
 * basic authentication (RFC 7617). The tunnel carries whatever the connection speaks to the broker: MQTT over TCP,
 * TLS (whose SNI and host name check name the broker, not the proxy) or WebSockets. Transports map it onto their
 * library; the checks of the values are done by {@link io.iotjobs.core.MqttConnectionBuilder#httpProxy}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the credentials.
 */
public final class HttpProxySettings {

    private final String host;
    private final int port;
    private final String username;
    private final String password;

    private HttpProxySettings(String host, int port, String username, String password) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("httpProxy port: must be 1..65535, got " + port);
        }
        this.port = port;
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("httpProxy: give both a username and a password, or neither");
        }
        this.username = username;
        this.password = password;
    }

    /**
     * A proxy without authentication.
     *
     * @param host the proxy's host name or address (an IPv6 literal without brackets)
     * @param port the proxy's port
     * @return the settings
     */
    public static HttpProxySettings of(String host, int port) {
        return new HttpProxySettings(host, port, null, null);
    }

    /**
     * A proxy with basic authentication.
     *
     * @param host the proxy's host name or address (an IPv6 literal without brackets)
     * @param port the proxy's port
     * @param username the user name
     * @param password the password
     * @return the settings
     */
    public static HttpProxySettings withBasicAuth(String host, int port, String username, String password) {
        return new HttpProxySettings(
                host, port, Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"));
    }

    /**
     * The proxy's host name or address.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The proxy's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The basic-authentication user name.
     *
     * @return the user name, if the proxy is given credentials
     */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The basic-authentication password.
     *
     * @return the password, if the proxy is given credentials
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * The proxy's address as messages name it: {@code host:port}, an IPv6 literal in brackets.
     *
     * @return the address
     */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The address and whether credentials are set; never the credentials.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "HttpProxySettings{" + address() + (username == null ? "" : ", basic authentication") + "}";
    }
}
