package io.iotjobs.internal.proxy;

import io.iotjobs.core.spi.HttpProxySettings;
import java.io.IOException;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A tunnel through an HTTP proxy that could not be opened: the proxy refused it (with its status line), could not be
 * reached, or did not answer as an HTTP proxy. Every transport reports its proxy failures as this exception (the
 * Paho transports from {@link HttpConnect}, the HiveMQ transport translating Netty's), so that the connection words
 * them and decides about retrying in one place. The message names the proxy and the broker, never the credentials.
 */
public final class HttpProxyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** HTTP 401 Unauthorized, which some proxies (tinyproxy) send for wrong credentials instead of 407. */
    public static final int UNAUTHORIZED = 401;
    /** HTTP 403 Forbidden. */
    public static final int FORBIDDEN = 403;
    /** HTTP 407 Proxy Authentication Required. */
    public static final int PROXY_AUTHENTICATION_REQUIRED = 407;

    private static final int MAX_QUOTED = 200;

    private final int status;

    private HttpProxyException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /**
     * The proxy answered {@code CONNECT} with a status other than 2xx.
     *
     * @param proxy the proxy
     * @param target the broker's {@code host:port}
     * @param status the status code
     * @param statusLine the status line as the proxy sent it (shown cleaned of control characters, shortened)
     * @param challenge the proxy's {@code Proxy-Authenticate} header, or {@code null}
     * @param cause the library's report of the refusal, or {@code null}
     * @return the exception
     */
    public static HttpProxyException refused(
            HttpProxySettings proxy, String target, int status, String statusLine, String challenge, Throwable cause) {
        StringBuilder message = new StringBuilder("the HTTP proxy ")
                .append(proxy.address())
                .append(" refused the tunnel to ")
                .append(target)
                .append(": ")
                .append(quoted(statusLine));
        boolean credentials = proxy.username().isPresent();
        if (isAboutCredentials(status)) {
            String scheme = challenge == null ? "" : challenge.trim().split("[ ,]", 2)[0];
            if (!scheme.isEmpty() && !scheme.equalsIgnoreCase("basic")) {
                message.append(" (the proxy asks for ")
                        .append(quoted(scheme))
                        .append(" authentication; the SDK supports Basic only)");
            } else if (credentials) {
                message.append(" (the proxy did not accept the httpProxy username and password)");
            } else {
                message.append(" (the proxy requires authentication: give httpProxy a username and password)");
            }
        } else if (status == FORBIDDEN) {
            message.append(" (the proxy does not allow tunnels to this host and port: check its access rules and"
                    + " the ports it allows CONNECT to)");
        }
        return new HttpProxyException(message.toString(), status, cause);
    }

    /**
     * The proxy could not be reached.
     *
     * @param proxy the proxy
     * @param cause the network failure
     * @return the exception
     */
    public static HttpProxyException unreachable(HttpProxySettings proxy, Throwable cause) {
        return new HttpProxyException(
                "cannot reach the HTTP proxy " + proxy.address() + ": " + describe(cause)
                        + " (check the httpProxy host and port)",
                0,
                cause);
    }

    /**
     * The proxy was reached but did not answer {@code CONNECT} as an HTTP proxy: it closed the connection, sent no
     * answer in time, or sent something else.
     *
     * @param proxy the proxy
     * @param target the broker's {@code host:port}
     * @param what what went wrong, e.g. {@code "closed the connection before answering"}
     * @param cause the failure underneath, or {@code null}
     * @return the exception
     */
    public static HttpProxyException badAnswer(HttpProxySettings proxy, String target, String what, Throwable cause) {
        return new HttpProxyException(
                "the HTTP proxy " + proxy.address() + " did not open the tunnel to " + target + ": it " + what,
                0,
                cause);
    }

    /**
     * The status code the proxy refused the tunnel with.
     *
     * @return the code, or empty when the proxy was not reached or sent no status
     */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * Whether retrying at once would meet the same refusal: the proxy refused the credentials (407, or 401 as some
     * proxies send it) or the destination (403), which only a change of configuration mends.
     *
     * @return true for a lasting refusal
     */
    public boolean lasting() {
        return isAboutCredentials(status) || status == FORBIDDEN;
    }

    private static boolean isAboutCredentials(int status) {
        return status == PROXY_AUTHENTICATION_REQUIRED || status == UNAUTHORIZED;
    }

    /**
     * Text from the other end, safe to show: control characters replaced, at most 200 characters.
     *
     * @param text the text
     * @return the cleaned text
     */
    static String quoted(String text) {
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < text.length() && clean.length() < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            clean.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX_QUOTED ? clean + "..." : clean.toString();
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "failed";
        }
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
        return message == null || message.isBlank() ? type : message;
    }
}
