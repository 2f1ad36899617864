package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.testkit.clients.RawMqttClient.Received;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * A device on a real broker that speaks the Jobs protocol by hand with a raw Paho v5 client: it subscribes to
 * everything under its thing's Jobs topics (no-local: its own requests do not come back) and hands out what
 * arrives, in order. Only messages from one publisher (the service) are compared by order: a broker keeps no
 * order between different publishers' messages, nor between topics.
 */
final class BrokerDevice {

    final String thingName;
    private final String prefix;
    private final RawMqttClient client;

    private BrokerDevice(String thingName, RawMqttClient client) {
        this.thingName = thingName;
        this.prefix = "$aws/things/" + thingName + "/jobs/";
        this.client = client;
    }

    /** Connects a device for the thing and subscribes to its Jobs topics; {@code clients} closes it. */
    static BrokerDevice connect(RawMqttClient.Group clients, String serverUri, String thingName) {
        RawMqttClient client = clients.connect(serverUri, RawMqttClient.uniqueId("device-" + thingName));
        BrokerDevice device = new BrokerDevice(thingName, client);
        MqttSubscription subscription = new MqttSubscription(device.prefix + "#", 1);
        subscription.setNoLocal(true);
        assertThat(client.subscribe(subscription)).as("granted QoS").isEqualTo(1);
        return device;
    }

    /** Publishes JSON (single quotes become double quotes) under the thing's Jobs prefix. */
    void publish(String suffix, String json) {
        client.publish(prefix + suffix, json.replace('\'', '"'));
    }

    /** The next message, which must be on the topic suffix; its payload as JSON. */
    JsonNode expect(String suffix) {
        Received received = client.poll(RawMqttClient.WAIT);
        if (received == null) {
            fail("device " + thingName + ": nothing arrived within " + RawMqttClient.WAIT.toMillis() + " ms, expected "
                    + suffix);
        }
        assertThat(received.topic()).as("topic of %s", received).isEqualTo(prefix + suffix);
        return RawDevice.json(received.payload());
    }

    /** Sends a request and returns the reply, which must be the next message and on {@code <suffix>/<kind>}. */
    JsonNode request(String suffix, String json, String kind) {
        publish(suffix, json);
        return expect(suffix + "/" + kind);
    }

    /**
     * Proves that no service answered before now what it should not have: a GetPending round trip with a fresh
     * token whose reply must be the next message (a second service answering an earlier request would have sent
     * its reply on the same topic, before this request was made).
     */
    void assertQuiet(String token) {
        JsonNode reply = request("get", "{'clientToken':'" + token + "'}", "accepted");
        assertThat(reply.path("clientToken").asText()).isEqualTo(token);
    }
}
