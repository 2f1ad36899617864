package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the routes see it: method, percent-decoded path segments, query parameters, the path
 * parameters of the matching route, and the body, read once on first use (a JSON object, or the raw bytes).
 */
final class HttpCall {

    /** Largest request body read; a job document is at most 32 KiB, so this leaves room for anything valid. */
    static final int MAX_BODY_BYTES = 1 << 20;

    final String method;
    final List<String> path;
    private final Map<String, String> query;
    private final HttpExchange exchange;
    private Map<String, String> params = Map.of();
    private byte[] body;
    private ObjectNode json;

    HttpCall(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        this.path = segments(exchange.getRequestURI().getRawPath());
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    void params(Map<String, String> values) {
        this.params = values;
    }

    /**
     * A path parameter of the matched route.
     *
     * @param name the name in the route's pattern, e.g. {@code jobId}
     * @return the decoded value
     */
    String param(String name) {
        return params.get(name);
    }

    /**
     * A query parameter.
     *
     * @param name its name
     * @return the decoded value, or {@code null} when absent
     */
    String query(String name) {
        return query.get(name);
    }

    /**
     * A request header.
     *
     * @param name its name (any case)
     * @return the first value, or {@code null}
     */
    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * The body as a JSON object; an empty body is {@code {}}.
     *
     * @return the object
     * @throws ApiError if the body is not a JSON object
     */
    ObjectNode body() {
        if (json != null) {
            return json;
        }
        byte[] bytes = bytes();
        if (bytes.length == 0) {
            json = Json.NODES.objectNode();
            return json;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("body: not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.invalid("body: cannot be read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            json = Json.NODES.objectNode();
        } else if (!node.isObject()) {
            throw ApiError.invalid("body: must be a JSON object, got " + node.getNodeType());
        } else {
            json = (ObjectNode) node;
        }
        return json;
    }

    /**
     * The raw body, at most {@link #MAX_BODY_BYTES}.
     *
     * @return the bytes
     * @throws ApiError if it is larger or cannot be read
     */
    byte[] bytes() {
        if (body != null) {
            return body;
        }
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new ApiError(
                            ApiError.Type.PAYLOAD_TOO_LARGE, "body: larger than " + MAX_BODY_BYTES + " bytes");
                }
            }
            body = out.toByteArray();
            return body;
        } catch (IOException e) {
            throw ApiError.invalid("body: cannot be read: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return method + " /" + String.join("/", path);
    }

    /** The path's segments, percent-decoded; empty segments (a trailing slash, "//") are dropped. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : (rawPath == null ? "" : rawPath).split("/")) {
            if (!raw.isEmpty()) {
                segments.add(percentDecode(raw, "path"));
            }
        }
        return segments;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), "query")
                    .replace('+', ' ');
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1).replace('+', ' '), name);
            query.put(name, value);
        }
        return query;
    }

    private static String percentDecode(String raw, String field) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%') {
                if (i + 2 >= raw.length()
                        || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw ApiError.invalid(field + ": bad percent-encoding in " + raw);
                }
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else {
                int end = raw.indexOf('%', i);
                end = end < 0 ? raw.length() : end;
                byte[] bytes = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
