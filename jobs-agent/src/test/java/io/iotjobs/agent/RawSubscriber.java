package io.iotjobs.agent;

import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tests' witness of what the agent really published: a {@link RawMqttClient} (plain MQTT, independent of the
 * SDK) subscribed to some topics, whose history it reads as Jobs {@link Message}s in arrival order. Paho's
 * callback thread records the messages; every method may be called from any thread.
 */
final class RawSubscriber implements AutoCloseable {

    /**
     * A message seen.
     *
     * @param topic the topic
     * @param payload the payload as UTF-8 text
     */
    record Message(String topic, String payload) {
        static Message of(RawMqttClient.Received received) {
            return new Message(received.topic(), received.payload());
        }

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

    private final RawMqttClient client;

    /** Connects with a clean session and subscribes to the filters at QoS 1. */
    RawSubscriber(String serverUri, String... filters) {
        client = RawMqttClient.connect(serverUri, RawMqttClient.uniqueId("raw"));
        for (String filter : filters) {
            client.subscribe(filter);
        }
    }

    /** Publishes a message (QoS 1), blocking until the broker acknowledged it. */
    void publish(String topic, String payload) {
        client.publish(topic, payload);
    }

    /** Every message so far, in arrival order. */
    List<Message> messages() {
        return messages(message -> true);
    }

    /** The messages that match, in arrival order. */
    List<Message> messages(Predicate<Message> matcher) {
        return client.history().stream().map(Message::of).filter(matcher).toList();
    }

    /** Waits (bounded) until {@code count} messages match; returns the last of them. */
    Message await(String what, int count, Predicate<Message> matcher) {
        return Message.of(client.await(
                what, count, Duration.ofMillis(AgentEvents.WAIT_MS), received -> matcher.test(Message.of(received))));
    }

    @Override
    public void close() {
        client.close();
    }
}
