package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of routes: method and path pattern (such as {@code jobs/{jobId}/cancel}) to an operation. The first
 * route that matches wins; a segment in braces matches any one segment and is handed to the operation by name.
 */
final class Router {

    /** What an operation does with a call: the JSON answer, or {@code null} for an empty 200. */
    interface Operation {
        JsonNode handle(HttpCall call);
    }

    /** The body of an answer whose operation sent the response itself. */
    static final JsonNode SENT = MissingNode.getInstance();
    /**
     * The body of an answer whose operation handed the exchange to another thread, which answers and closes it
     * (the console's stream); a distinct instance, compared by identity.
     */
    static final JsonNode DETACHED = new TextNode("detached");

    /** What a matched route answered: the operation name (for the log) and the body. */
    record Answer(String operation, JsonNode body) {}

    private record Route(String method, List<String> pattern, String name, Operation operation) {}

    private final List<Route> routes = new ArrayList<>();

    /**
     * Adds a route.
     *
     * @param method the HTTP method
     * @param pattern the path without leading slash, with {@code {name}} segments
     * @param name the operation name as AWS calls it
     * @param operation what it does
     * @return this router
     */
    Router add(String method, String pattern, String name, Operation operation) {
        routes.add(new Route(method, List.of(pattern.split("/")), name, operation));
        return this;
    }

    /**
     * Runs the operation of the first matching route.
     *
     * @param call the request
     * @return the answer
     * @throws ApiError {@code UnknownOperationException} if no route matches, or the operation's error
     */
    Answer route(HttpCall call) {
        for (Route route : routes) {
            Map<String, String> params = match(route, call);
            if (params != null) {
                call.params(params);
                return new Answer(route.name, route.operation.handle(call));
            }
        }
        throw new ApiError(
                ApiError.Type.UNKNOWN_OPERATION,
                "path: no operation for " + call + " (see the HTTP control API in the testkit documentation)");
    }

    private static Map<String, String> match(Route route, HttpCall call) {
        if (!route.method.equals(call.method) || route.pattern.size() != call.path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < route.pattern.size(); i++) {
            String expected = route.pattern.get(i);
            String actual = call.path.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return params;
    }
}
