package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.testkit.TestClients.Client;
import io.iotjobs.testkit.TestClients.Received;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
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
    private final Client client;

    private BrokerDevice(String thingName, Client client) {
        this.thingName = thingName;
        this.prefix = "$aws/things/" + thingName + "/jobs/";
        this.client = client;
    }

    /** Connects a device for the thing and subscribes to its Jobs topics; {@code clients} closes it. */
    static BrokerDevice connect(TestClients clients, String serverUri, String thingName) throws MqttException {
        Client client = clients.connect(serverUri, TestClients.uniqueId("device-" + thingName),
                TestClients.cleanSession());
        BrokerDevice device = new BrokerDevice(thingName, client);
        MqttSubscription subscription = new MqttSubscription(device.prefix + "#", 1);
        subscription.setNoLocal(true);
        IMqttToken token = client.mqtt().subscribe(new MqttSubscription[] {subscription});
        token.waitForCompletion(TestClients.WAIT_MS);
        assertThat(token.getReasonCodes()[0]).as("granted QoS").isEqualTo(1);
        return device;
    }

    /** Publishes JSON (single quotes become double quotes) under the thing's Jobs prefix. */
    void publish(String suffix, String json) throws MqttException {
        TestClients.publish(client, prefix + suffix, json.replace('\'', '"'), 1);
    }

    /** The next message, which must be on the topic suffix; its payload as JSON. */
    JsonNode expect(String suffix) throws InterruptedException {
        Received received = client.next();
        if (received == null) {
            fail("device " + thingName + ": nothing arrived within " + TestClients.WAIT_MS + " ms, expected "
                    + suffix);
        }
        assertThat(received.topic()).as("topic of %s", received).isEqualTo(prefix + suffix);
        return RawDevice.json(received.payload());
    }

    /** Sends a request and returns the reply, which must be the next message and on {@code <suffix>/<kind>}. */
    JsonNode request(String suffix, String json, String kind) throws MqttException, InterruptedException {
        publish(suffix, json);
        return expect(suffix + "/" + kind);
    }

    /**
     * Proves that no service answered before now what it should not have: a GetPending round trip with a fresh
     * token whose reply must be the next message (a second service answering an earlier request would have sent
     * its reply on the same topic, before this request was made).
     */
    void assertQuiet(String token) throws MqttException, InterruptedException {
        JsonNode reply = request("get", "{'clientToken':'" + token + "'}", "accepted");
        assertThat(reply.path("clientToken").asText()).isEqualTo(token);
    }
}
