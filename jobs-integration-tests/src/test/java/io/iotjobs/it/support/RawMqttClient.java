package io.iotjobs.it.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * A plain Paho v5 client for looking at a broker from the outside, independently of the SDK: it watches
 * topics, publishes, and takes over a client id to inspect the session the broker kept for it.
 *
 * <p>Every operation blocks until the broker acknowledged it (at most {@link #WAIT}) and throws an
 * {@link IllegalStateException} otherwise. Received messages are queued; {@link #next(Duration)} takes them
 * in arrival order. Thread-safe.
 */
public final class RawMqttClient implements AutoCloseable {
    /** The longest wait for an acknowledgement. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    /** One received message. */
    public static final class Received {
        private final String topic;
        private final String payload;

        Received(String topic, String payload) {
            this.topic = topic;
            this.payload = payload;
        }

        /**
         * The topic.
         *
         * @return the topic
         */
        public String topic() {
            return topic;
        }

        /**
         * The payload as UTF-8 text.
         *
         * @return the payload
         */
        public String payload() {
            return payload;
        }

        @Override
        public String toString() {
            return topic + " " + payload;
        }
    }

    private final MqttAsyncClient client;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private boolean sessionPresent;
    private Integer receiveMaximum;

    private RawMqttClient(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects a client over MQTT 5 and waits for the CONNACK.
     *
     * @param broker the broker
     * @param clientId the client id
     * @param cleanStart true for a fresh session that ends with the connection; false to resume (or start) a
     *     session kept for an hour
     * @return the connected client
     */
    public static RawMqttClient connect(Broker broker, String clientId, boolean cleanStart) {
        try {
            RawMqttClient raw = new RawMqttClient(new MqttAsyncClient("tcp://" + broker.host() + ":" + broker.port(),
                    clientId, new MemoryPersistence()));
            raw.client.setCallback(raw.new Callback());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(cleanStart);
            options.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
            options.setAutomaticReconnect(false);
            IMqttToken token = raw.client.connect(options);
            token.waitForCompletion(WAIT.toMillis());
            raw.sessionPresent = token.getSessionPresent();
            raw.receiveMaximum = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            return raw;
        } catch (MqttException e) {
            throw new IllegalStateException("raw client " + clientId + " could not connect to " + broker + ": " + e, e);
        }
    }

    /**
     * The CONNACK's session-present flag.
     *
     * @return whether the broker had a session for this client id
     */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    /**
     * The receive maximum the broker announced in CONNACK.
     *
     * @return the value, or {@code null} when absent (65535)
     */
    public Integer receiveMaximum() {
        return receiveMaximum;
    }

    /**
     * Subscribes at QoS 1 and waits for the SUBACK.
     *
     * @param filter the topic filter
     * @return the SUBACK's reason code (1 when granted QoS 1)
     */
    public int subscribe(String filter) {
        try {
            IMqttToken token = client.subscribe(filter, 1);
            token.waitForCompletion(WAIT.toMillis());
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            throw new IllegalStateException("subscribe to " + filter + " failed: " + e, e);
        }
    }

    /**
     * Publishes at QoS 1 (not retained) and waits for the PUBACK.
     *
     * @param topic the topic
     * @param payload the payload as UTF-8 text
     * @return the PUBACK's reason code (0 on success)
     */
    public int publish(String topic, String payload) {
        try {
            IMqttToken token = client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1,
                    false, new MqttProperties()));
            token.waitForCompletion(WAIT.toMillis());
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            throw new IllegalStateException("publish to " + topic + " failed: " + e, e);
        }
    }

    /**
     * The next message received, waiting for it.
     *
     * @param timeout the longest wait
     * @return the message, or {@code null} if none arrived in time
     * @throws InterruptedException if interrupted
     */
    public Received next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for {@code count} messages.
     *
     * @param count how many
     * @param timeout the longest wait for each
     * @return the messages in arrival order
     * @throws IllegalStateException if fewer arrived (the message lists those that did)
     * @throws InterruptedException if interrupted
     */
    public List<Received> take(int count, Duration timeout) throws InterruptedException {
        List<Received> messages = new ArrayList<>();
        while (messages.size() < count) {
            Received message = next(timeout);
            if (message == null) {
                throw new IllegalStateException("expected " + count + " messages, received " + messages.size() + ": "
                        + messages);
            }
            messages.add(message);
        }
        return messages;
    }

    /**
     * Disconnects cleanly (normal disconnection, the session is kept if it has an expiry) and closes.
     */
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT.toMillis());
            }
        } catch (MqttException e) {
            throw new IllegalStateException("disconnect failed: " + e, e);
        } finally {
            close();
        }
    }

    /**
     * Closes the client, forcibly disconnecting it if needed. Idempotent.
     */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "RawMqttClient[" + client.getClientId() + "]";
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // checked by callers through isConnected where it matters
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // not expected
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(Objects.requireNonNull(topic),
                    new String(message.getPayload(), StandardCharsets.UTF_8)));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // tokens are waited for directly
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connect waits for its token
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
