package io.iotjobs.internal.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Answers that are not JSON (a stored file, a page of the console): 200 with the bytes and their type. */
final class RawAnswers {

    private RawAnswers() {}

    /**
     * Sends the bytes.
     *
     * @param exchange the exchange
     * @param contentType the {@code Content-Type}
     * @param content the body (may be empty)
     * @param headers more headers
     * @throws UncheckedIOException if the connection fails
     */
    static void send(HttpExchange exchange, String contentType, byte[] content, Map<String, String> headers) {
        try {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
