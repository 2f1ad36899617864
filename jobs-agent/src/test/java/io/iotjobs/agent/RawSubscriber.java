package io.iotjobs.agent;

import io.iotjobs.model.JobDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain MQTT client, independent of the SDK, that records every message on some topics in arrival order: the
 * tests' witness of what the agent really published.
 */
final class RawSubscriber implements AutoCloseable {

    /** A message seen. */
    record Message(String topic, String payload) {
        /** The payload as a JSON object. */
        JobDocument json() {
            return JobDocument.parse(payload);
        }

        /** The job id of a {@code $aws/things/<thing>/jobs/<jobId>/<operation>} topic. */
        String jobId() {
            return topic.split("/")[4];
        }

        /** The {@code status} field of an update request. */
        String status() {
            return json().getString("status").orElse("");
        }
    }

    private final MqttAsyncClient client;
    private final List<Message> messages = new ArrayList<>();

    RawSubscriber(String serverUri, String... filters) throws MqttException {
        client = new MqttAsyncClient(serverUri, "raw-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // the tests look at the messages
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // the tests look at the messages
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // nothing published
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                // subscribed once below
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        for (String filter : filters) {
            client.subscribe(filter, 1).waitForCompletion(10_000);
        }
    }

    /** Publishes a message (QoS 1), blocking until the broker acknowledged it. */
    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
    }

    private synchronized void add(Message message) {
        messages.add(message);
        notifyAll();
    }

    /** Every message so far, in arrival order. */
    synchronized List<Message> messages() {
        return new ArrayList<>(messages);
    }

    /** The messages that match, in arrival order. */
    synchronized List<Message> messages(Predicate<Message> matcher) {
        return messages.stream().filter(matcher).toList();
    }

    /** Waits (bounded) until {@code count} messages match; returns the last of them. */
    synchronized Message await(String what, int count, Predicate<Message> matcher) throws InterruptedException {
        long deadline = System.currentTimeMillis() + AgentEvents.WAIT_MS;
        while (true) {
            List<Message> matching = messages.stream().filter(matcher).toList();
            if (matching.size() >= count) {
                return matching.get(count - 1);
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + count + " x " + what + "; seen: " + messages);
            }
            wait(left);
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
        } finally {
            client.close(true);
        }
    }
}
