package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client of the console's stream, reading it as a browser's EventSource does: one thread
 * parses the frames ({@code id}, {@code event}, {@code data}) into a queue. {@link #raw} opens the stream on a
 * plain socket instead, for a test that never reads it or closes the connection under the server.
 */
final class EventStreamClient implements AutoCloseable {

    /** One event: its id (or null), type and data. */
    record Event(String id, String type, String data) {
        JsonNode json() {
            return RawDevice.json(data);
        }
    }

    private static final long WAIT_SECONDS = 10;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Stream<String> lines;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private EventStreamClient(Stream<String> lines) {
        this.lines = lines;
        Thread reader = new Thread(this::read, "event-stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens the stream and reads it.
     *
     * @param base the server's base URI
     * @param lastEventId the {@code Last-Event-ID} header, or null
     */
    static EventStreamClient open(String base, String lastEventId) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + "/console/events")).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
        return new EventStreamClient(response.body());
    }

    /**
     * Opens the stream on a plain socket and reads nothing.
     *
     * @param base the server's base URI
     * @param receiveBuffer the socket's receive buffer in bytes
     * @return the connected socket
     */
    static Socket raw(String base, int receiveBuffer) throws IOException {
        URI uri = URI.create(base);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /console/events HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private void read() {
        String id = null;
        String type = "message";
        StringBuilder data = new StringBuilder();
        boolean any = false;
        try {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (any) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                    any = false;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                    any = true;
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                    any = true;
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                    any = true;
                } else if (line.startsWith("retry: ")) {
                    events.add(new Event(null, "retry", line.substring(7)));
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, "comment", line.substring(1).trim()));
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed
        }
    }

    /** The next event that matches, skipping others; fails after ten seconds. */
    Event next(Predicate<Event> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                fail("no " + what + " on the console stream within " + WAIT_SECONDS + " s");
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The next event of a type. */
    Event next(String type) throws InterruptedException {
        return next(e -> e.type().equals(type), type + " event");
    }

    /** The next traffic record of a kind whose topic ends so. */
    Event traffic(String kind, String topicEnd) throws InterruptedException {
        return next(
                e -> e.type().equals("traffic")
                        && e.json().path("kind").asText().equals(kind)
                        && e.json().path("topic").asText().endsWith(topicEnd),
                kind + " on ..." + topicEnd);
    }

    @Override
    public void close() {
        lines.close();
    }
}
