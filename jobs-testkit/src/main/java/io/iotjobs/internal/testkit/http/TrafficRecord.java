package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.protocol.TopicRef;
import io.iotjobs.internal.protocol.Topics;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.internal.testkit.ServiceObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One message of the console's Live view. It is captured on the service's thread (a copy of the payload, at most
 * {@value #KEPT_BYTES} bytes) and turned into its Server-Sent Events frame only when a page first needs it, so
 * that the service pays little for traffic nobody watches.
 *
 * <p>The frame's JSON: {@code time} (epoch milliseconds), {@code direction} ({@code in}, {@code out}),
 * {@code topic}, {@code kind} ({@code request}, {@code accepted}, {@code rejected}, {@code notify},
 * {@code notify-next}, {@code lifecycle}, {@code unknown-topic}, {@code other}), {@code operation},
 * {@code thing}, {@code jobs} (every job id of the topic and payload), {@code code}, {@code status},
 * {@code clientToken}, {@code note} (what fault injection did), {@code payload} (text, at most
 * {@value #SHOWN_CHARS} characters), {@code size} (bytes) and {@code truncated}.
 */
final class TrafficRecord {

    /** Payloads up to this size are kept whole (and read for codes and job ids); longer ones only in part. */
    static final int KEPT_BYTES = 16 * 1024;
    /** Most characters of a payload shown. */
    static final int SHOWN_CHARS = 4096;
    /** How deep a payload is searched for job ids. */
    private static final int MAX_DEPTH = 6;

    final long id;
    private final Instant time;
    private final ServiceObserver.Direction direction;
    private final String topic;
    private final byte[] payload;
    private final int size;
    private final String note;
    private volatile String frame;

    TrafficRecord(
            long id, Instant time, ServiceObserver.Direction direction, String topic, byte[] payload, String note) {
        this.id = id;
        this.time = time;
        this.direction = direction;
        this.topic = topic;
        this.size = payload.length;
        this.payload = Arrays.copyOf(payload, Math.min(payload.length, KEPT_BYTES));
        this.note = note;
    }

    /**
     * The record as a Server-Sent Events frame ({@code id}, {@code event: traffic}, one {@code data} line).
     *
     * @return the frame, ending with the blank line
     */
    String frame() {
        String text = frame;
        if (text == null) {
            // two threads may render it at once; both get the same text
            text = "id: " + id + "\nevent: traffic\ndata: " + json() + "\n\n";
            frame = text;
        }
        return text;
    }

    private String json() {
        ObjectNode out = Json.NODES.objectNode();
        out.put("time", time.toEpochMilli())
                .put("direction", direction == ServiceObserver.Direction.IN ? "in" : "out")
                .put("topic", topic);
        Set<String> jobs = new LinkedHashSet<>();
        Optional<TopicRef> ref = Topics.parse(topic);
        if (ref.isPresent()) {
            TopicRef r = ref.get();
            out.put("thing", r.thingName());
            out.put("kind", kind(r));
            if (r.operation() != null) {
                out.put("operation", r.operation().name());
            }
            if (r.jobId() != null && !r.jobId().equals(Validation.NEXT_ALIAS)) {
                jobs.add(r.jobId());
            }
        } else {
            String[] segments = topic.split("/");
            boolean lifecycle = segments.length == 5 && segments[0].equals("$aws") && segments[1].equals("events");
            out.put("kind", lifecycle ? "lifecycle" : "other");
            if (lifecycle) {
                out.put("operation", segments[2] + " " + segments[4]);
                jobs.add(segments[3]);
            }
        }
        JsonNode body = size <= KEPT_BYTES ? parse() : null;
        if (body != null && body.isObject()) {
            text(body, "code", out);
            text(body, "clientToken", out);
            JsonNode status = body.has("status")
                    ? body.get("status")
                    : body.path("execution").has("status")
                            ? body.path("execution").get("status")
                            : body.path("executionState").get("status");
            if (status != null && status.isTextual()) {
                out.put("status", status.asText());
            }
            collectJobIds(body, jobs, 0);
        }
        ArrayNode list = out.putArray("jobs");
        jobs.forEach(list::add);
        if (note != null) {
            out.put("note", note);
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        boolean truncated = size > payload.length || text.length() > SHOWN_CHARS;
        out.put("payload", text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) : text)
                .put("size", size)
                .put("truncated", truncated);
        return out.toString();
    }

    private static String kind(TopicRef r) {
        switch (r.kind()) {
            case REQUEST:
                return "request";
            case REPLY:
                return r.replyKind().suffix();
            case EVENT:
                return r.eventType().suffix();
            default:
                return "unknown-topic";
        }
    }

    private JsonNode parse() {
        try {
            return Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            return null; // not JSON: the text is shown as it is
        }
    }

    private static void text(JsonNode body, String field, ObjectNode out) {
        JsonNode value = body.get(field);
        if (value != null && value.isTextual()) {
            out.put(field, value.asText());
        }
    }

    /** Every string {@code jobId} in the payload (notify lists several, notify-next and replies one). */
    private static void collectJobIds(JsonNode node, Set<String> jobs, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode value = node.get(name);
                if (name.equals("jobId") && value.isTextual()) {
                    jobs.add(value.asText());
                } else if (!name.equals("jobDocument")) {
                    collectJobIds(value, jobs, depth + 1);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectJobIds(child, jobs, depth + 1));
        }
    }
}
