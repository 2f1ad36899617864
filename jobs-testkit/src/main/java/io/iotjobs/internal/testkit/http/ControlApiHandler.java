package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.iotjobs.internal.testkit.JobsServiceEngine;
import io.iotjobs.testkit.JobsControl;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control API: reads a request, finds its operation in the route table, and answers as AWS does
 * (JSON body; on failure {@code {"message": "..."}} naming the field at fault, the exception name in the
 * {@code x-amzn-ErrorType} header and the matching status). The operations live in the route classes
 * ({@link JobRoutes}, {@link ExecutionRoutes}, {@link RegistryRoutes}); they call the Java control API, whose failures carry their
 * kind ({@link io.iotjobs.internal.testkit.ControlError}), so this class never reads an error message. With a
 * {@link Console}, the console's requests ({@code GET /} and {@code /console/...}) go to it. A change requested by
 * another site's page in a browser is refused ({@link SameOrigin}).
 *
 * <p>Runs on the HTTP server's threads; thread-safe. Writes one INFO line per request to the logger
 * {@value #LOGGER_NAME}.
 */
public final class ControlApiHandler implements HttpHandler {

    /** The logger of the HTTP requests. */
    public static final String LOGGER_NAME = "io.iotjobs.testkit.HttpControlApi";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private final Router control = new Router();
    private final Router data = new Router();
    private final FileRoutes files;
    private final Console console;

    /**
     * A handler over a control API.
     *
     * @param jobs the local service's control API
     * @param engine the local service's engine (registry, templates, files, events, data plane)
     * @param region the region in the ARNs it answers with
     * @param accountId the account in the ARNs it answers with
     * @param console the web console's bounds, or {@code null} for no console
     */
    public ControlApiHandler(
            JobsControl jobs, JobsServiceEngine engine, String region, String accountId, Console.Settings console) {
        this.files = new FileRoutes(engine.files());
        Arns arns = new Arns(region, accountId);
        Renderer render = new Renderer(arns);
        new JobRoutes(jobs, arns, render).addTo(control);
        new ExecutionRoutes(jobs, render).addTo(control);
        new RegistryRoutes(engine.registry(), arns).addTo(control);
        new TemplateRoutes(jobs, engine.control().templates(), arns, render).addTo(control);
        new EventRoutes(engine.control().events()).addTo(control);
        new DataPlaneRoutes(engine.dataPlane()).addTo(data);
        this.console = console == null ? null : new Console(jobs, engine, arns, render, console);
    }

    /**
     * The web console, when this handler serves one.
     *
     * @return the console, or empty
     */
    public Optional<Console> console() {
        return Optional.ofNullable(console);
    }

    /** Closes the console, if any (its streams end). */
    public void close() {
        if (console != null) {
            console.close();
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        int status;
        String outcome;
        boolean detached = false;
        boolean quiet = false;
        try {
            try {
                HttpCall call = new HttpCall(exchange);
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    SameOrigin.require(call);
                }
                boolean forConsole = console != null && console.handles(call);
                // the console's pages read after every change: their reads would drown the log
                quiet = forConsole && method.equals("GET");
                Router.Answer answer = forConsole
                        ? console.handle(call, exchange)
                        : files.handles(call)
                                ? files.handle(call, exchange)
                                : DataPlaneRoutes.isDataPlane(call) ? data.route(call) : control.route(call);
                status = 200;
                outcome = answer.operation();
                detached = answer.body() == Router.DETACHED;
                if (answer.body() != Router.SENT && !detached) {
                    send(exchange, status, answer.body(), null);
                }
            } catch (ApiError e) {
                status = e.type().status();
                outcome = e.type().exceptionName() + ": " + e.getMessage();
                sendError(exchange, e);
            } catch (IllegalArgumentException | IllegalStateException e) {
                ApiError error = ApiError.of(e);
                status = error.type().status();
                outcome = error.type().exceptionName() + ": " + error.getMessage();
                sendError(exchange, error);
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} {} failed", method, rawPath, e);
                status = ApiError.Type.INTERNAL_FAILURE.status();
                outcome = e.toString();
                send(
                        exchange,
                        status,
                        Json.NODES.objectNode().put("message", "internal failure: " + e),
                        ApiError.Type.INTERNAL_FAILURE.exceptionName());
            }
            if (quiet && status == 200) {
                LOG.debug("HTTP {} {} -> {} {}", method, rawPath, status, outcome);
            } else {
                LOG.info("HTTP {} {} -> {} {}", method, rawPath, status, outcome);
            }
        } finally {
            if (!detached) {
                exchange.close();
            }
        }
    }

    private static void sendError(HttpExchange exchange, ApiError e) throws IOException {
        ObjectNode body = Json.NODES.objectNode().put("message", e.getMessage());
        e.extraFields().forEach(body::put);
        send(exchange, e.type().status(), body, e.type().exceptionName());
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, String errorType) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
