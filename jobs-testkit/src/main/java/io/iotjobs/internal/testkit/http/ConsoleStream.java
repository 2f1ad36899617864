package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.iotjobs.internal.testkit.ServiceObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Server-Sent Events stream ({@code GET /console/events}): the kept traffic after the page's
 * {@code Last-Event-ID}, then each new record ({@code event: traffic}), a {@code changed} event naming what
 * changed ({@code {"scopes":["THING","JOB",...]}}, at most one per send however many changes came together), a
 * {@code missed} event when the page read too slowly and records gave way ({@code {"missed":N}}), and a comment
 * line every heartbeat interval while nothing happens.
 *
 * <p>Each stream is written by a thread of its own, so that a page that reads slowly holds up only itself; the
 * HTTP thread that opened it returns at once. A write that fails (the page was closed or navigated away) ends
 * the stream and removes its subscriber: the heartbeat makes that happen within one interval even when
 * nothing else is sent.
 */
final class ConsoleStream {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApiHandler.LOGGER_NAME);
    /** How long the browser waits before it reconnects a broken stream. */
    private static final int RETRY_MILLIS = 2000;

    private final ConsoleHub hub;
    private final ExecutorService writers;
    private final long heartbeatMillis;

    ConsoleStream(ConsoleHub hub, ExecutorService writers, long heartbeatMillis) {
        this.hub = hub;
        this.writers = writers;
        this.heartbeatMillis = heartbeatMillis;
    }

    /**
     * Opens a stream on the exchange and hands it to a writer thread; the exchange is then the writer's.
     *
     * @param call the request
     * @param exchange its exchange
     * @throws ApiError if the {@code Last-Event-ID} is malformed or no more streams are served
     */
    void open(HttpCall call, HttpExchange exchange) {
        ConsoleHub.Subscription subscription = hub.subscribe(lastEventId(call));
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            writers.execute(() -> pump(subscription, exchange, out));
        } catch (IOException | RejectedExecutionException e) {
            hub.remove(subscription.subscriber());
            exchange.close();
        }
    }

    private void pump(ConsoleHub.Subscription subscription, HttpExchange exchange, OutputStream out) {
        ConsoleSubscriber subscriber = subscription.subscriber();
        try {
            StringBuilder first = new StringBuilder("retry: " + RETRY_MILLIS + "\n\n");
            subscription.replay().forEach(record -> first.append(record.frame()));
            write(out, first);
            while (true) {
                ConsoleSubscriber.Batch batch = subscriber.take(heartbeatMillis);
                if (batch.closed()) {
                    return;
                }
                write(out, frames(batch));
            }
        } catch (IOException e) {
            LOG.debug("console stream closed by the page: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.remove(subscriber);
            exchange.close();
        }
    }

    private static StringBuilder frames(ConsoleSubscriber.Batch batch) {
        StringBuilder text = new StringBuilder();
        if (batch.isEmpty()) {
            return text.append(": keep-alive\n\n");
        }
        if (batch.missed() > 0) {
            text.append("event: missed\ndata: ")
                    .append(Json.NODES.objectNode().put("missed", batch.missed()))
                    .append("\n\n");
        }
        batch.records().forEach(record -> text.append(record.frame()));
        if (!batch.changed().isEmpty()) {
            ObjectNode changed = Json.NODES.objectNode();
            ArrayNode scopes = changed.putArray("scopes");
            for (ServiceObserver.Scope scope : batch.changed()) {
                scopes.add(scope.name());
            }
            text.append("event: changed\ndata: ").append(changed).append("\n\n");
        }
        return text;
    }

    private static void write(OutputStream out, CharSequence text) throws IOException {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The id a reconnecting browser sends in {@code Last-Event-ID} (or a page in {@code ?lastEventId=}). */
    private static long lastEventId(HttpCall call) {
        String header = call.header("Last-Event-ID");
        String value = header != null ? header : call.query("lastEventId");
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("Last-Event-ID: must be the id of an event this stream sent, got " + value);
        }
    }
}
