package io.iotjobs.internal.paho3;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import io.iotjobs.core.spi.TransportException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MqttTransport} over an Eclipse Paho v3 {@link MqttAsyncClient}: MQTT 3.1.1. Paho's callback thread is
 * the delivery thread. Paho v3 keeps at most {@link MqttConnectOptions#getMaxInflight()} QoS 1 publishes
 * unacknowledged (MQTT 3.1.1 brokers announce no receive maximum), which is the window the connection keeps within.
 */
public final class Paho3Transport implements MqttTransport {

    private static final Logger LOG = LoggerFactory.getLogger(Paho3Transport.class);
    private static final long QUIESCE_MS = 1000;
    /** MQTT 3.1.1 SUBACK return code for a refused subscription. */
    private static final int SUBACK_FAILURE = 0x80;
    /** MQTT 3.1.1 has no subscription identifiers. */
    private static final int[] NO_IDS = new int[0];

    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final boolean ownsClient;
    private final String serverUri;
    private final Runnable beforeConnect;

    /**
     * Creates the transport, with nothing to do before each connect.
     *
     * @param client the Paho client
     * @param options the options for {@link #connect()}, or {@code null} for a client its owner connects
     * @param ownsClient whether {@link #close()} disconnects and closes the client
     * @param serverUri the server address for messages
     */
    public Paho3Transport(MqttAsyncClient client, MqttConnectOptions options, boolean ownsClient, String serverUri) {
        this(client, options, ownsClient, serverUri, () -> {});
    }

    /**
     * Creates the transport.
     *
     * @param client the Paho v3 client
     * @param options the options for {@link #connect()}, or {@code null} for a client its owner connects
     * @param ownsClient whether {@link #close()} disconnects and closes the client
     * @param serverUri the server address for messages
     * @param beforeConnect run before each {@link #connect()} (gives the options a fresh WebSocket request); an
     *     exception it throws fails that attempt with its message
     */
    public Paho3Transport(
            MqttAsyncClient client,
            MqttConnectOptions options,
            boolean ownsClient,
            String serverUri,
            Runnable beforeConnect) {
        this.client = client;
        this.options = options;
        this.ownsClient = ownsClient;
        this.serverUri = serverUri;
        this.beforeConnect = beforeConnect;
    }

    /**
     * The options each attempt connects with (tests).
     *
     * @return the options, or {@code null} for a client its owner connects
     */
    MqttConnectOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "Paho v3";
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_3_1_1;
    }

    @Override
    public String clientId() {
        return client.getClientId();
    }

    @Override
    public String serverUri() {
        return serverUri;
    }

    @Override
    public boolean ownerConnects() {
        return options == null;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public int inFlightLimit() {
        return options == null ? new MqttConnectOptions().getMaxInflight() : Math.max(1, options.getMaxInflight());
    }

    @Override
    public void start(TransportEvents events) {
        client.setCallback(new Callback(events));
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
        return call(
                token -> ConnAck.of(token.getSessionPresent()), "CONNACK", TransportException.Kind.FAILED, listener -> {
                    beforeConnect.run();
                    client.connect(options, null, listener);
                });
    }

    @Override
    public void abort() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: closing the connection attempt failed: {}", clientId(), e.toString());
        }
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return call(
                        token -> null,
                        "DISCONNECT",
                        TransportException.Kind.FAILED,
                        listener -> client.disconnect(QUIESCE_MS, null, listener))
                .handle((v, e) -> null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos.level());
        message.setRetained(retain);
        // a failure reported after the PUBLISH was handed over means the connection went: outcome unknown
        return call(
                token -> null,
                "PUBACK",
                TransportException.Kind.CONNECTION_LOST,
                listener -> client.publish(topic, message, null, listener));
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
        return call(
                Paho3Transport::granted,
                "SUBACK",
                TransportException.Kind.FAILED,
                listener -> client.subscribe(filter, qos.level(), null, listener));
    }

    private static Qos granted(IMqttToken token) {
        int[] codes = token.getGrantedQos();
        int code = codes == null || codes.length == 0 ? 1 : codes[0];
        if (code == SUBACK_FAILURE) {
            throw TransportException.refused("SUBACK", SUBACK_FAILURE);
        }
        return code == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        return call(
                token -> null,
                "UNSUBACK",
                TransportException.Kind.FAILED,
                listener -> client.unsubscribe(filter, null, listener));
    }

    @Override
    public void close() {
        if (!ownsClient) {
            client.setCallback(null);
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(QUIESCE_MS);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: disconnect on close failed: {}", clientId(), e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: close failed: {}", clientId(), e.toString());
        }
    }

    /** One Paho call with an action listener, as a future. */
    private interface Call {
        void start(IMqttActionListener listener) throws MqttException;
    }

    private static <T> CompletableFuture<T> call(
            Function<IMqttToken, T> onSuccess, String packet, TransportException.Kind onFailure, Call call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            call.start(new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    try {
                        result.complete(onSuccess.apply(token));
                    } catch (TransportException refused) {
                        result.completeExceptionally(refused);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    result.completeExceptionally(classify(exception, onFailure, packet));
                }
            });
        } catch (MqttException e) {
            result.completeExceptionally(classifySubmit(e, packet));
        } catch (RuntimeException e) {
            result.completeExceptionally(TransportException.of(TransportException.Kind.FAILED, e));
        }
        return result;
    }

    /** A call Paho refused to take: nothing was sent; decides whether the connection queues it again. */
    private static TransportException classifySubmit(MqttException e, String packet) {
        switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_MAX_INFLIGHT:
                return new TransportException(TransportException.Kind.WINDOW_FULL, message(e), null, e);
            case MqttException.REASON_CODE_CLIENT_NOT_CONNECTED:
            case MqttException.REASON_CODE_CONNECTION_LOST:
            case MqttException.REASON_CODE_CLIENT_DISCONNECTING:
            case MqttException.REASON_CODE_CONNECT_IN_PROGRESS:
                return new TransportException(TransportException.Kind.NOT_CONNECTED, message(e), null, e);
            default:
                return classify(e, TransportException.Kind.FAILED, packet);
        }
    }

    /**
     * Classifies a Paho failure: a CONNACK return code (1 to 5) or a SUBACK failure (0x80) is a refusal; a client
     * timeout is a timeout; anything else is {@code otherwise}.
     */
    private static TransportException classify(Throwable error, TransportException.Kind otherwise, String packet) {
        if (error instanceof MqttException) {
            MqttException e = (MqttException) error;
            int code = e.getReasonCode();
            if (packet.equals("CONNACK") && code >= 1 && code <= 5 || code == SUBACK_FAILURE) {
                return new TransportException(TransportException.Kind.REFUSED, packet, code, e);
            }
            if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
                return new TransportException(TransportException.Kind.TIMEOUT, message(e), null, e);
            }
            return new TransportException(otherwise, message(e), null, e);
        }
        return new TransportException(otherwise, String.valueOf(error), null, error);
    }

    private static String message(MqttException e) {
        return e.getMessage() + " (Paho code " + e.getReasonCode() + ")";
    }

    /** Paho's one callback. */
    private final class Callback implements MqttCallbackExtended {
        private final TransportEvents events;

        Callback(TransportEvents events) {
            this.events = events;
        }

        @Override
        public void connectionLost(Throwable cause) {
            events.onConnectionLost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.onMessage(
                    topic,
                    message.getPayload(),
                    message.getQos() == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                    message.isRetained(),
                    NO_IDS);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publish outcomes are taken from each publish's own action listener
        }

        @Override
        public void connectComplete(boolean reconnect, String uri) {
            if (ownerConnects()) {
                // a wrapped client connected by its owner: the session flag is not exposed here
                events.onConnectedByOwner(Optional.empty());
            }
        }
    }
}
