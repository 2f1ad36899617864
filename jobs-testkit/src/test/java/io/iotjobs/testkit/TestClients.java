package io.iotjobs.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

/**
 * Raw Paho v5 clients for broker tests: creates them with in-memory persistence and unique client ids, records
 * what they receive, and disconnects and closes all of them in {@link #close()}.
 */
final class TestClients implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long WAIT_MS = WAIT.toMillis();

    /** A message as a subscriber received it. */
    record Received(String topic, String payload, int qos) {
    }

    /** A client and the messages it has received. */
    record Client(MqttAsyncClient mqtt, BlockingQueue<Received> received) {
        /**
         * The next message, waiting at most {@link #WAIT}.
         *
         * @return the message, or {@code null} if none arrived in time
         */
        Received next() throws InterruptedException {
            return received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private final List<MqttAsyncClient> created = new ArrayList<>();

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static MqttConnectionOptions cleanSession() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) WAIT.toSeconds());
        return options;
    }

    static MqttConnectionOptions persistentSession() {
        MqttConnectionOptions options = cleanSession();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        return options;
    }

    /** A client with a recording callback, not connected yet. */
    Client create(String serverUri, String clientId) throws MqttException {
        MqttAsyncClient mqtt = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        mqtt.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // tests look at the tokens
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // tests look at the tokens
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.getQos()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // tests wait on the publish tokens
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // tests wait on the connect tokens
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication in these tests
            }
        });
        created.add(mqtt);
        return new Client(mqtt, received);
    }

    /** Creates a client and connects it, blocking until CONNACK. */
    Client connect(String serverUri, String clientId, MqttConnectionOptions options) throws MqttException {
        Client client = create(serverUri, clientId);
        client.mqtt().connect(options).waitForCompletion(WAIT_MS);
        return client;
    }

    /** Subscribes and blocks until SUBACK; returns the granted QoS or reason code. */
    static int subscribe(Client client, String filter, int qos) throws MqttException {
        IMqttToken token = client.mqtt().subscribe(filter, qos);
        token.waitForCompletion(WAIT_MS);
        return token.getReasonCodes()[0];
    }

    /** Publishes and blocks until the broker acknowledged it (PUBACK for QoS 1). */
    static void publish(Client client, String topic, String payload, int qos) throws MqttException {
        client.mqtt().publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false).waitForCompletion(WAIT_MS);
    }

    /** Disconnects normally, keeping the session if it has a session expiry. */
    static void disconnect(Client client) throws MqttException {
        client.mqtt().disconnect().waitForCompletion(WAIT_MS);
    }

    @Override
    public void close() {
        for (MqttAsyncClient mqtt : created) {
            try {
                if (mqtt.isConnected()) {
                    mqtt.disconnect().waitForCompletion(WAIT_MS);
                }
            } catch (MqttException e) {
                try {
                    mqtt.disconnectForcibly(0, WAIT_MS, false);
                } catch (MqttException ignored) {
                    // the connection is gone either way
                }
            }
            try {
                mqtt.close(true);
            } catch (MqttException e) {
                // nothing more to release
            }
        }
        created.clear();
    }
}
