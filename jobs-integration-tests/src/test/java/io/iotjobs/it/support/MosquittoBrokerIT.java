package io.iotjobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Mosquitto fixture itself, with a raw Paho client: what the reliability tests rely on. */
class MosquittoBrokerIT {
    private static final long WAIT_MS = 10_000;

    @BeforeAll
    static void requireMosquitto() {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
    }

    @Test
    void servesMqtt5WithDollarTopicsAndKeepsItsPortAcrossRestart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().maxInflightMessages(10).start()) {
            int port = broker.port();
            Raw client = Raw.connect(broker, "fixture-a", true);
            assertThat(client.receiveMaximum).isEqualTo(10);
            client.subscribe("$aws/things/dev-1/jobs/notify");
            client.publish("$aws/things/dev-1/jobs/notify", "one");
            assertThat(client.next()).isEqualTo("$aws/things/dev-1/jobs/notify one");

            broker.restart();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.isRunning()).isTrue();
            Raw again = Raw.connect(broker, "fixture-b", true);
            again.client.disconnect().waitForCompletion(WAIT_MS);
            again.client.close();
            client.client.close(true);
            assertThat(broker.log()).anyMatch(line -> line.contains("fixture-a"));
        }
    }

    @Test
    void persistentSessionAndItsQueuedMessageSurviveRestartOnlyWithPersistence() throws Exception {
        for (boolean persistence : new boolean[] {true, false}) {
            try (MosquittoBroker broker = MosquittoBroker.builder().persistence(persistence).start()) {
                Raw device = Raw.connect(broker, "fixture-persistent", false);
                device.subscribe("$aws/things/dev-2/jobs/notify-next");
                device.client.disconnect().waitForCompletion(WAIT_MS);

                broker.restart();
                Raw publisher = Raw.connect(broker, "fixture-publisher", true);
                publisher.publish("$aws/things/dev-2/jobs/notify-next", "queued");

                Raw back = Raw.connect(broker, "fixture-persistent", false);
                assertThat(back.sessionPresent).as("session present, persistence " + persistence)
                        .isEqualTo(persistence);
                if (persistence) {
                    assertThat(back.next()).isEqualTo("$aws/things/dev-2/jobs/notify-next queued");
                }
                back.client.disconnect().waitForCompletion(WAIT_MS);
                back.client.close();
                publisher.client.disconnect().waitForCompletion(WAIT_MS);
                publisher.client.close();
                device.client.close();
            }
        }
    }

    @Test
    void deniedTopicIsRefusedWithNotAuthorizedOthersAreAllowed() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().deny("$aws/things/denied/#").start()) {
            Raw client = Raw.connect(broker, "fixture-acl", true);
            IMqttToken subscribe = client.client.subscribe("$aws/things/denied/jobs/notify", 1);
            subscribe.waitForCompletion(WAIT_MS);
            assertThat(subscribe.getReasonCodes()).containsExactly(0x87);
            IMqttToken publish = client.client.publish("$aws/things/denied/jobs/get",
                    new MqttMessage("{}".getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
            publish.waitForCompletion(WAIT_MS);
            assertThat(publish.getReasonCodes()).containsExactly(0x87);
            IMqttToken wildcard = client.client.subscribe("$aws/things/denied/jobs/+/get/+", 1);
            wildcard.waitForCompletion(WAIT_MS);
            assertThat(wildcard.getReasonCodes()).containsExactly(0x87);

            client.subscribe("$aws/things/allowed/jobs/notify");
            client.publish("$aws/things/allowed/jobs/notify", "ok");
            assertThat(client.next()).isEqualTo("$aws/things/allowed/jobs/notify ok");
            client.client.disconnect().waitForCompletion(WAIT_MS);
            client.client.close();
        }
    }

    @Test
    void closeDeletesItsFolderAndCannotStartAgain() {
        MosquittoBroker broker = MosquittoBroker.builder().persistence(true).start();
        Path folder = broker.folder();
        assertThat(folder.resolve("mosquitto.conf")).content().contains("listener " + broker.port() + " 127.0.0.1");
        broker.close();
        assertThat(folder).doesNotExist();
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** A raw Paho client that records what it receives. */
    private static final class Raw implements MqttCallback {
        final BlockingQueue<String> received = new ArrayBlockingQueue<>(100);
        MqttAsyncClient client;
        boolean sessionPresent;
        Integer receiveMaximum;

        static Raw connect(Broker broker, String clientId, boolean cleanStart) throws MqttException {
            Raw raw = new Raw();
            raw.client = new MqttAsyncClient("tcp://" + broker.host() + ":" + broker.port(), clientId,
                    new MemoryPersistence());
            raw.client.setCallback(raw);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(cleanStart);
            options.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
            IMqttToken token = raw.client.connect(options);
            token.waitForCompletion(WAIT_MS);
            raw.sessionPresent = token.getSessionPresent();
            raw.receiveMaximum = token.getResponseProperties().getReceiveMaximum();
            return raw;
        }

        void subscribe(String filter) throws MqttException {
            IMqttToken token = client.subscribe(filter, 1);
            token.waitForCompletion(WAIT_MS);
            assertThat(token.getReasonCodes()).containsExactly(1);
        }

        void publish(String topic, String payload) throws MqttException {
            client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false,
                    new MqttProperties())).waitForCompletion(WAIT_MS);
        }

        String next() throws InterruptedException {
            String message = received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within " + WAIT_MS + " ms").isNotNull();
            return message;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
