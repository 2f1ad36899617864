package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device that speaks the Jobs protocol by hand: it publishes raw JSON and collects everything the service
 * sends to its thing (replies and events) in arrival order.
 */
final class RawDevice implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;

    /** One received message. */
    static final class Message {
        final String topic;
        /** The topic after {@code $aws/things/<thing>/jobs/}. */
        final String suffix;

        final JsonNode json;

        Message(String topic, String suffix, JsonNode json) {
            this.topic = topic;
            this.suffix = suffix;
            this.json = json;
        }

        boolean isEvent() {
            return suffix.equals("notify") || suffix.equals("notify-next");
        }

        @Override
        public String toString() {
            return suffix + " " + json;
        }
    }

    final String thingName;
    private final String prefix;
    private final InMemoryBroker.Client client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<Message> skippedEvents = new ArrayList<>();
    private final AtomicInteger markers = new AtomicInteger();

    RawDevice(InMemoryBroker broker, String thingName) {
        this(broker, thingName, "device-" + thingName);
    }

    /** A device on a connection with the given client id (several connections may act for one thing). */
    RawDevice(InMemoryBroker broker, String thingName, String clientId) {
        this.thingName = thingName;
        this.prefix = "$aws/things/" + thingName + "/jobs/";
        this.client = broker.connect(clientId);
        client.subscribe(
                        prefix + "#",
                        SubscribeOptions.of(Qos.AT_LEAST_ONCE, true),
                        (topic, payload, qos) ->
                                received.add(new Message(topic, topic.substring(prefix.length()), parse(payload))))
                .join();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode("<not JSON: " + new String(payload, StandardCharsets.UTF_8) + ">");
        }
    }

    /** Publishes raw bytes under this thing's jobs prefix. */
    void publishBytes(String suffix, byte[] payload) {
        client.publish(prefix + suffix, payload, Qos.AT_LEAST_ONCE).join();
    }

    /** Publishes JSON text (single quotes are turned into double quotes) under this thing's jobs prefix. */
    void publish(String suffix, String json) {
        publishBytes(suffix, json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes to any topic. */
    void publishRaw(String topic, String payload) {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                .join();
    }

    /** The next message, whatever it is. */
    Message next() {
        try {
            Message message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (message == null) {
                fail("device " + thingName + ": nothing received within " + WAIT_SECONDS + " s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message, which must be on the given topic suffix. */
    JsonNode expect(String suffix) {
        Message message = next();
        assertThat(message.suffix).as("topic of %s", message).isEqualTo(suffix);
        return message.json;
    }

    /** The next {@code count} messages, in any order, by topic suffix (each suffix at most once). */
    Map<String, JsonNode> expectAnyOrder(String... suffixes) {
        Map<String, JsonNode> bySuffix = new HashMap<>();
        for (int i = 0; i < suffixes.length; i++) {
            Message message = next();
            assertThat(bySuffix.put(message.suffix, message.json))
                    .as("second message on %s", message.suffix)
                    .isNull();
        }
        assertThat(bySuffix.keySet()).containsExactlyInAnyOrder(suffixes);
        return bySuffix;
    }

    /** Publishes, then takes the next messages in any order, by topic suffix. */
    Map<String, JsonNode> publishAndCollect(String suffix, String json, String... expected) {
        publish(suffix, json);
        return expectAnyOrder(expected);
    }

    /** Publishes a request and returns its reply; events received meanwhile are kept aside. */
    Message request(String suffix, String json) {
        publish(suffix, json);
        return reply(suffix);
    }

    /** The next reply to a request on the suffix, skipping events. */
    Message reply(String suffix) {
        while (true) {
            Message message = next();
            if (message.isEvent()) {
                skippedEvents.add(message);
                continue;
            }
            assertThat(message.suffix).as("reply %s", message).isIn(suffix + "/accepted", suffix + "/rejected");
            return message;
        }
    }

    /**
     * Proves that nothing else was sent to the device before now: a GetPending round trip whose reply must
     * be the very next message.
     */
    void assertQuiet() {
        String token = "marker-" + markers.incrementAndGet();
        publish("get", "{'clientToken':'" + token + "'}");
        Message message = next();
        assertThat(message.suffix)
                .as("expected only the marker reply, got %s", message)
                .isEqualTo("get/accepted");
        assertThat(message.json.path("clientToken").asText()).as("marker reply").isEqualTo(token);
    }

    /** Events skipped by {@link #reply}. */
    List<Message> skippedEvents() {
        return skippedEvents;
    }

    @Override
    public void close() {
        client.close();
    }
}
