package io.iotjobs.internal.proxy;

import io.iotjobs.core.spi.HttpProxySettings;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code CONNECT} exchange with an HTTP proxy (RFC 9110, section 9.3.6) on a socket connected to it: the
 * request, with {@code Proxy-Authorization: Basic} when the proxy has credentials, and the proxy's answer, read
 * byte by byte up to the blank line that ends it, so that nothing of the tunnel after it is consumed. A 2xx status
 * opens the tunnel (a 2xx answer to {@code CONNECT} has no body, whatever its headers say); any other status, an
 * answer that is not HTTP, or none in time, is a {@link HttpProxyException}.
 *
 * <p>Stateless; the methods block the calling thread for the exchange.
 */
public final class HttpConnect {

    /** The most bytes of an answer's head read before giving up on it. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private HttpConnect() {}

    /**
     * The request target of a tunnel: {@code host:port}, an IPv6 literal in brackets.
     *
     * @param host the broker's host name or address
     * @param port the broker's port
     * @return the target
     */
    public static String target(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Asks the proxy for a tunnel and reads its answer; on return the socket carries the tunnel.
     *
     * @param socket a socket connected to the proxy
     * @param proxy the proxy
     * @param target the broker's {@code host:port} (see {@link #target})
     * @param timeoutMillis how long to wait for the answer, 0 for as long as it takes
     * @throws HttpProxyException if the proxy refuses the tunnel or does not answer as an HTTP proxy
     * @throws IOException if the socket fails otherwise
     */
    public static void open(Socket socket, HttpProxySettings proxy, String target, int timeoutMillis)
            throws IOException {
        int timeoutBefore = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        Response response;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request(proxy, target));
            out.flush();
            response = Response.read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw HttpProxyException.badAnswer(
                    proxy, target, "sent no answer to CONNECT within " + timeoutMillis + " ms", e);
        } catch (EOFException e) {
            throw HttpProxyException.badAnswer(proxy, target, "closed the connection before answering CONNECT", e);
        } catch (ProtocolException e) {
            throw HttpProxyException.badAnswer(proxy, target, "answered CONNECT with " + e.getMessage(), e);
        }
        if (response.status() / 100 != 2) {
            throw HttpProxyException.refused(
                    proxy,
                    target,
                    response.status(),
                    response.statusLine(),
                    response.header("proxy-authenticate").orElse(null),
                    null);
        }
        socket.setSoTimeout(timeoutBefore);
    }

    /**
     * The request's bytes.
     *
     * @param proxy the proxy (its credentials, if any)
     * @param target the broker's {@code host:port}
     * @return the request
     */
    static byte[] request(HttpProxySettings proxy, String target) {
        StringBuilder request = new StringBuilder("CONNECT ")
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target)
                .append("\r\n");
        if (proxy.username().isPresent()) {
            String pair = proxy.username().get() + ":" + proxy.password().orElse("");
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The head of the proxy's answer.
     *
     * @param statusLine the status line, as sent
     * @param status the status code
     * @param headers the header fields, names in lower case (the last of repeated ones)
     */
    record Response(String statusLine, int status, Map<String, String> headers) {

        /**
         * A header field.
         *
         * @param name its name in lower case
         * @return its value, if present
         */
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        /**
         * Reads the head of an answer, up to and including the blank line after its header fields (CRLF or bare LF
         * line ends), and not one byte further.
         *
         * @param in the stream from the proxy
         * @return the head
         * @throws EOFException if the stream ends before the head does
         * @throws ProtocolException if the head is not an HTTP answer, or longer than 16 KiB
         * @throws IOException if reading fails
         */
        static Response read(InputStream in) throws IOException {
            String statusLine = line(in, MAX_HEAD_BYTES);
            int budget = MAX_HEAD_BYTES - statusLine.length();
            int status = status(statusLine);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String field = line(in, budget); !field.isEmpty(); field = line(in, budget)) {
                budget -= field.length();
                int colon = field.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            field.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            field.substring(colon + 1).trim());
                }
            }
            return new Response(statusLine, status, Map.copyOf(headers));
        }

        private static int status(String statusLine) throws ProtocolException {
            // HTTP-version SP status-code SP [ reason-phrase ]
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].matches("HTTP/\\d(\\.\\d)?") || !parts[1].matches("\\d{3}")) {
                throw new ProtocolException(
                        "something that is not an HTTP answer: \"" + HttpProxyException.quoted(statusLine) + "\"");
            }
            return Integer.parseInt(parts[1]);
        }

        /** One line without its end, read byte by byte (the bytes after the head belong to the tunnel). */
        private static String line(InputStream in, int budget) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the stream ended inside the answer's head");
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= budget) {
                    throw new ProtocolException("an answer whose head is longer than " + MAX_HEAD_BYTES + " bytes");
                }
                line.append((char) b);
            }
        }
    }
}
