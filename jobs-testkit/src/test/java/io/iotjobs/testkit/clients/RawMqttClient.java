package io.iotjobs.testkit.clients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho v5 client for tests, independent of the SDK (shared through this module's test jar): it looks at a
 * broker from the outside, publishes what the SDK never would, and takes over a client id to inspect the session
 * the broker kept for it.
 *
 * <p>Every operation blocks until the broker answered it, at most {@link #WAIT}, and throws an
 * {@link IllegalStateException} when it did not or Paho refused it. Every message that arrives is kept in a
 * history, in arrival order: {@link #next()}, {@link #poll(Duration)}, {@link #take(int, Duration)} and
 * {@link #drain()} take from it one after the other (each message once), while {@link #history()} and
 * {@link #await(String, int, Duration, Predicate)} read all of it, taken or not. A {@link Group} closes the clients
 * of one test together.
 *
 * <p><b>Threads.</b> Paho's callback thread for this client records what arrives (and the loss of the
 * connection, which failure messages then mention); every method may be called from any thread.
 */
public final class RawMqttClient implements AutoCloseable {

    /** The longest wait for an acknowledgement or an expected message. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * A message as the client received it.
     *
     * @param topic the topic it was published on
     * @param payload the payload as UTF-8 text
     * @param qos the QoS it was delivered with
     */
    public record Received(String topic, String payload, int qos) {
    }

    private final MqttAsyncClient mqtt;
    /** Every message so far; guarded by itself, which the waiting methods wait on. */
    private final List<Received> history = new ArrayList<>();
    /** How many messages of the history were taken; guarded by {@link #history}. */
    private int taken;
    /** Why the connection was lost, or {@code null}: told in failure messages. */
    private volatile String lost;
    private volatile boolean sessionPresent;
    private volatile Integer receiveMaximum;
    private boolean closed;

    private RawMqttClient(String serverUri, String clientId) {
        try {
            mqtt = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("raw client " + clientId + " for " + serverUri + ": " + e, e);
        }
        mqtt.setCallback(new Recording());
    }

    /**
     * A client id no other client uses: the prefix and eight random hex digits.
     *
     * @param prefix what the id starts with
     * @return the id
     */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Options for a clean start, a session that ends with the connection, no automatic reconnect, and a connect
     * timeout of {@link #WAIT}.
     *
     * @return new options, which the caller may change
     */
    public static MqttConnectionOptions cleanSession() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) WAIT.toSeconds());
        return options;
    }

    /**
     * Options like {@link #cleanSession()} but resuming (or starting) a session the broker keeps for an hour after
     * the connection ends.
     *
     * @return new options, which the caller may change
     */
    public static MqttConnectionOptions persistentSession() {
        MqttConnectionOptions options = cleanSession();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        return options;
    }

    /**
     * A client with in-memory persistence that records what it receives, not connected yet: for tests that drive
     * the connect themselves through {@link #mqtt()}.
     *
     * @param serverUri the broker, such as {@code tcp://127.0.0.1:1883} or {@code ssl://...}
     * @param clientId the client id
     * @return the client
     */
    public static RawMqttClient create(String serverUri, String clientId) {
        return new RawMqttClient(serverUri, clientId);
    }

    /**
     * Connects a client with a {@linkplain #cleanSession() clean session} and waits for the CONNACK.
     *
     * @param serverUri the broker
     * @param clientId the client id
     * @return the connected client
     */
    public static RawMqttClient connect(String serverUri, String clientId) {
        return connect(serverUri, clientId, cleanSession());
    }

    /**
     * Connects a client and waits for the CONNACK.
     *
     * @param serverUri the broker
     * @param clientId the client id
     * @param options the connect options, such as {@link #cleanSession()} or {@link #persistentSession()}
     * @return the connected client
     * @throws IllegalStateException if it did not connect (the client is closed then)
     */
    public static RawMqttClient connect(String serverUri, String clientId, MqttConnectionOptions options) {
        RawMqttClient client = create(serverUri, clientId);
        try {
            return client.open(options);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private RawMqttClient open(MqttConnectionOptions options) {
        try {
            IMqttToken token = mqtt.connect(options);
            token.waitForCompletion(WAIT.toMillis());
            sessionPresent = token.getSessionPresent();
            MqttProperties connack = token.getResponseProperties();
            receiveMaximum = connack == null ? null : connack.getReceiveMaximum();
            return this;
        } catch (MqttException e) {
            throw new IllegalStateException(this + " could not connect to " + mqtt.getServerURI() + ": " + e, e);
        }
    }

    /**
     * The session-present flag of the CONNACK.
     *
     * @return whether the broker had a session for this client id when it connected
     */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    /**
     * The receive maximum the broker announced in the CONNACK.
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
     * @return the SUBACK's reason code: 1 when QoS 1 was granted
     */
    public int subscribe(String filter) {
        return subscribe(new MqttSubscription(filter, 1));
    }

    /**
     * Subscribes with the subscription's options (QoS, no-local, ...) and waits for the SUBACK.
     *
     * @param subscription the subscription
     * @return the SUBACK's reason code: the granted QoS on success
     */
    public int subscribe(MqttSubscription subscription) {
        try {
            IMqttToken token = mqtt.subscribe(new MqttSubscription[] {subscription});
            token.waitForCompletion(WAIT.toMillis());
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            throw new IllegalStateException(this + ": subscribe to " + subscription.getTopic() + " failed: " + e, e);
        }
    }

    /**
     * Publishes at QoS 1, not retained, and waits for the PUBACK.
     *
     * @param topic the topic
     * @param payload the payload as UTF-8 text
     * @return the PUBACK's reason code: 0 on success
     */
    public int publish(String topic, String payload) {
        try {
            IMqttToken token = mqtt.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            token.waitForCompletion(WAIT.toMillis());
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            throw new IllegalStateException(this + ": publish to " + topic + " failed: " + e, e);
        }
    }

    /**
     * Takes the next message not taken yet, waiting at most {@link #WAIT}.
     *
     * @return the message
     * @throws AssertionError if none arrived in time
     */
    public Received next() {
        Received message = poll(WAIT);
        if (message == null) {
            throw new AssertionError(this + ": no message within " + WAIT + lostConnection());
        }
        return message;
    }

    /**
     * Takes the next message not taken yet, waiting for it.
     *
     * @param timeout the longest wait; zero only looks
     * @return the message, or {@code null} if none arrived in time
     */
    public Received poll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (history) {
            while (taken == history.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                waitOnHistory(left, "a message");
            }
            return history.get(taken++);
        }
    }

    /**
     * Takes the next {@code count} messages not taken yet.
     *
     * @param count how many
     * @param timeout the longest wait for each
     * @return the messages in arrival order
     * @throws AssertionError if fewer arrived (the message lists those that did)
     */
    public List<Received> take(int count, Duration timeout) {
        List<Received> messages = new ArrayList<>();
        while (messages.size() < count) {
            Received message = poll(timeout);
            if (message == null) {
                throw new AssertionError(this + ": expected " + count + " messages, received " + messages.size()
                        + lostConnection() + ": " + messages);
            }
            messages.add(message);
        }
        return messages;
    }

    /**
     * Takes every message not taken yet, without waiting.
     *
     * @return the messages received and not taken yet, in arrival order
     */
    public List<Received> drain() {
        synchronized (history) {
            List<Received> rest = new ArrayList<>(history.subList(taken, history.size()));
            taken = history.size();
            return rest;
        }
    }

    /**
     * Every message received so far, taken or not.
     *
     * @return a copy of the history, in arrival order
     */
    public List<Received> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /**
     * Waits until {@code count} messages of the history match; does not consume anything.
     *
     * @param what what is awaited, for the failure message
     * @param count how many matching messages
     * @param timeout the longest wait
     * @param matcher which messages count; called while the history is locked
     * @return the {@code count}-th matching message
     * @throws AssertionError if fewer matched in time (the message lists the history)
     */
    public Received await(String what, int count, Duration timeout, Predicate<Received> matcher) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (history) {
            List<Received> matching;
            while ((matching = history.stream().filter(matcher).toList()).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(this + ": timed out waiting for " + count + " x " + what
                            + lostConnection() + "; seen: " + history);
                }
                waitOnHistory(left, what);
            }
            return matching.get(count - 1);
        }
    }

    /** Waits on the history's monitor, which the caller holds, for a new message or the time left. */
    private void waitOnHistory(long nanos, String what) {
        try {
            TimeUnit.NANOSECONDS.timedWait(history, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(this + ": interrupted while waiting for " + what, e);
        }
    }

    /**
     * Disconnects normally (a session with an expiry stays with the broker), waits for it, and closes the client.
     *
     * @throws IllegalStateException if the disconnect failed (the client is closed anyway)
     */
    public void disconnect() {
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(WAIT.toMillis());
            }
        } catch (MqttException e) {
            throw new IllegalStateException(this + ": disconnect failed: " + e, e);
        } finally {
            close();
        }
    }

    /**
     * Disconnects normally if connected (forcibly if that fails) and releases the client. Idempotent; never
     * throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(WAIT.toMillis());
            }
        } catch (MqttException e) {
            try {
                mqtt.disconnectForcibly(0, WAIT.toMillis(), false);
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

    /**
     * The Paho client itself, for what this class does not offer (such as a connect whose failure a test checks).
     *
     * @return the client
     */
    public MqttAsyncClient mqtt() {
        return mqtt;
    }

    @Override
    public String toString() {
        return "raw client " + mqtt.getClientId();
    }

    private String lostConnection() {
        String reason = lost;
        return reason == null ? "" : " (" + reason + ")";
    }

    /** Records messages and the loss of the connection; Paho's callback thread calls it. */
    private final class Recording implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Received received = new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    message.getQos());
            synchronized (history) {
                history.add(received);
                history.notifyAll();
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish waits for its token
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            lost = "disconnected: " + response;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connect waits for its token
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            lost = "error: " + exception;
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    /**
     * The raw clients of one test: creates them and closes them all in {@link #close()}. Used from the test's
     * thread.
     */
    public static final class Group implements AutoCloseable {
        private final List<RawMqttClient> clients = new ArrayList<>();

        /**
         * A client that {@link #close()} closes, not connected yet (see {@link RawMqttClient#create}).
         *
         * @param serverUri the broker
         * @param clientId the client id
         * @return the client
         */
        public RawMqttClient create(String serverUri, String clientId) {
            RawMqttClient client = RawMqttClient.create(serverUri, clientId);
            clients.add(client);
            return client;
        }

        /**
         * Connects a client that {@link #close()} closes, with a
         * {@linkplain RawMqttClient#cleanSession() clean session}.
         *
         * @param serverUri the broker
         * @param clientId the client id
         * @return the connected client
         */
        public RawMqttClient connect(String serverUri, String clientId) {
            return connect(serverUri, clientId, cleanSession());
        }

        /**
         * Connects a client that {@link #close()} closes and waits for the CONNACK.
         *
         * @param serverUri the broker
         * @param clientId the client id
         * @param options the connect options
         * @return the connected client
         */
        public RawMqttClient connect(String serverUri, String clientId, MqttConnectionOptions options) {
            return create(serverUri, clientId).open(options);
        }

        /** Closes every client created so far (see {@link RawMqttClient#close()}). */
        @Override
        public void close() {
            clients.forEach(RawMqttClient::close);
            clients.clear();
        }
    }
}
