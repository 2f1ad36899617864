package io.iotjobs.internal.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console's files (HTML, CSS, JavaScript modules, images), served from the jar's
 * {@value #FOLDER} folder: {@code GET /} is its {@code index.html}, {@code GET /console/<name>} a file by name.
 * Names are single path segments of lower-case letters, digits and dashes with a known extension, so that no
 * request can reach another resource of the class path. Every answer forbids framing and scripts from anywhere
 * but this server (the pages render device data, which is untrusted).
 */
final class ConsoleResources {

    static final String FOLDER = "/io/iotjobs/internal/testkit/console/";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.(html|css|js|png|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "png",
            "image/png",
            "svg",
            "image/svg+xml");
    /** Scripts, styles, images and connections from this server only; no plugins, no framing, no inline script. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static final Map<String, String> HEADERS = Map.of(
            "Cache-Control",
            "no-cache",
            "X-Content-Type-Options",
            "nosniff",
            "Content-Security-Policy",
            POLICY,
            "Referrer-Policy",
            "no-referrer");

    /**
     * Whether the name is one this class would serve.
     *
     * @param name the last path segment
     * @return true if it looks like a console file
     */
    static boolean isFileName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Sends a file.
     *
     * @param name the file name, {@link #isFileName checked}
     * @param exchange where to send it
     * @return the answer (already sent)
     * @throws ApiError {@code UnknownOperationException} (404) if there is no such file
     */
    Router.Answer send(String name, HttpExchange exchange) {
        byte[] content;
        try (InputStream in = ConsoleResources.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new ApiError(ApiError.Type.UNKNOWN_OPERATION, "path: the console has no file " + name);
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RawAnswers.send(exchange, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), content, HEADERS);
        return new Router.Answer("ConsoleFile", Router.SENT);
    }
}
