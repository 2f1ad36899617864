package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Device code at its simplest, on an {@link MqttConnection} through the internal transport (the testkit may not
 * use the client facades): publishes raw JSON under a thing's Jobs topics and collects what arrives there.
 */
final class TransportInbox {

    private static final long WAIT_SECONDS = 10;

    /** One message: the topic after the thing's Jobs prefix, and the payload. */
    record Message(String suffix, JsonNode json) {}

    private final String prefix;
    private final Transport transport;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    private TransportInbox(MqttConnection connection, String thingName) {
        this.prefix = "$aws/things/" + thingName + "/jobs/";
        this.transport = ConnectionAccess.transport(connection);
    }

    /** Subscribes (no-local) to everything under the thing's Jobs topics, waiting for the SUBACK. */
    static TransportInbox subscribe(MqttConnection connection, String thingName) throws Exception {
        TransportInbox inbox = new TransportInbox(connection, thingName);
        inbox.transport
                .subscribe(
                        inbox.prefix + "#",
                        SubscribeOptions.of(Qos.AT_LEAST_ONCE, true),
                        (topic, payload, qos) -> inbox.received.add(new Message(
                                topic.substring(inbox.prefix.length()),
                                RawDevice.json(new String(payload, StandardCharsets.UTF_8)))))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        return inbox;
    }

    /** Publishes JSON (single quotes become double quotes) under the thing's Jobs prefix, waiting for PUBACK. */
    void publish(String suffix, String json) throws Exception {
        transport
                .publish(prefix + suffix, json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next message, which must be on the suffix. */
    JsonNode expect(String suffix) throws InterruptedException {
        Message message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            fail("nothing arrived on " + prefix + " within " + WAIT_SECONDS + " s, expected " + suffix);
        }
        assertThat(message.suffix()).as("topic of %s", message).isEqualTo(suffix);
        return message.json();
    }
}
