package io.iotjobs.internal.paho5;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import io.iotjobs.core.spi.TransportException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MqttTransport} over an Eclipse Paho v5 {@link MqttAsyncClient}. Paho's callback thread is the
 * delivery thread.
 */
public final class Paho5Transport implements MqttTransport {

    private static final Logger LOG = LoggerFactory.getLogger(Paho5Transport.class);
    private static final long QUIESCE_MS = 1000;
    private static final int[] NO_IDS = new int[0];

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
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
    public Paho5Transport(MqttAsyncClient client, MqttConnectionOptions options, boolean ownsClient, String serverUri) {
        this(client, options, ownsClient, serverUri, () -> {});
    }

    /**
     * Creates the transport.
     *
     * @param client the Paho client
     * @param options the options for {@link #connect()}, or {@code null} for a client its owner connects
     * @param ownsClient whether {@link #close()} disconnects and closes the client
     * @param serverUri the server address for messages
     * @param beforeConnect run before each {@link #connect()} (gives the options a fresh WebSocket request); an
     *     exception it throws fails that attempt with its message
     */
    public Paho5Transport(
            MqttAsyncClient client,
            MqttConnectionOptions options,
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
    MqttConnectionOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "Paho v5";
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_5;
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
        // Paho v5 has no limit of its own: it follows the broker's receive maximum
        return Integer.MAX_VALUE;
    }

    @Override
    public void start(TransportEvents events) {
        client.setCallback(new Callback(events));
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
        CompletableFuture<ConnAck> result = new CompletableFuture<>();
        try {
            beforeConnect.run();
        } catch (RuntimeException e) {
            result.completeExceptionally(TransportException.of(TransportException.Kind.FAILED, e));
            return result;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    MqttProperties properties = token.getResponseProperties();
                    // absent means available (MQTT 5 section 3.2.2.3.12)
                    Boolean ids = properties == null ? null : properties.isSubscriptionIdentifiersAvailable();
                    result.complete(new ConnAck(
                            token.getSessionPresent(),
                            optional(properties == null ? null : properties.getReceiveMaximum()),
                            optional(properties == null ? null : properties.getMaximumPacketSize()),
                            ids == null || ids));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    result.completeExceptionally(classify(exception, TransportException.Kind.FAILED, "CONNACK"));
                }
            });
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(classify(e, TransportException.Kind.FAILED, "CONNACK"));
        }
        return result;
    }

    private static OptionalInt optional(Integer value) {
        return value == null || value < 1 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalInt optional(Long value) {
        return value == null || value < 1
                ? OptionalInt.empty()
                : OptionalInt.of((int) Math.min(Integer.MAX_VALUE, value));
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
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.disconnect(
                    QUIESCE_MS,
                    null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            completeAfter(Thread.currentThread(), done);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            completeAfter(Thread.currentThread(), done);
                        }
                    },
                    0,
                    new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            done.complete(null);
        }
        return done;
    }

    /**
     * Completes {@code done} once the Paho thread that reported the disconnect has finished (at most a second
     * later). Paho reports the disconnect from inside its shutdown, before that is over; a {@code connect()} made at
     * once then sometimes got no CONNACK delivered and ran into the connect timeout (seen on Mosquitto, in a
     * disconnect-then-connect test). Waiting for the reporting thread lets the next {@code connect()} start from a
     * client that has finished disconnecting.
     */
    private static void completeAfter(Thread reporter, CompletableFuture<Void> done) {
        Thread waiter = new Thread(
                () -> {
                    try {
                        reporter.join(QUIESCE_MS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.complete(null);
                },
                "iotjobs-paho5-disconnect");
        waiter.setDaemon(true);
        waiter.start();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos.level());
        message.setRetained(retain);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int code = firstFailureCode(token.getReasonCodes());
                    if (code >= 0) {
                        result.completeExceptionally(TransportException.refused("PUBACK", code));
                    } else {
                        result.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    result.completeExceptionally(
                            classify(exception, TransportException.Kind.CONNECTION_LOST, "PUBACK"));
                }
            });
        } catch (MqttException e) {
            result.completeExceptionally(classifySubmit(e));
        } catch (RuntimeException e) {
            result.completeExceptionally(TransportException.of(TransportException.Kind.FAILED, e));
        }
        return result;
    }

    /** A publish Paho refused to take: decides whether the connection queues it again. */
    private static TransportException classifySubmit(MqttException e) {
        switch (e.getReasonCode()) {
            case MqttClientException.REASON_CODE_MAX_INFLIGHT:
                return new TransportException(TransportException.Kind.WINDOW_FULL, message(e), null, e);
            case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED:
            case MqttClientException.REASON_CODE_CONNECTION_LOST:
            case MqttClientException.REASON_CODE_CLIENT_DISCONNECTING:
            case MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS:
                return new TransportException(TransportException.Kind.NOT_CONNECTED, message(e), null, e);
            default:
                return new TransportException(TransportException.Kind.FAILED, message(e), null, e);
        }
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
        MqttSubscription subscription = new MqttSubscription(filter, qos.level());
        subscription.setNoLocal(noLocal);
        MqttProperties properties = new MqttProperties();
        if (subscriptionId > 0) {
            properties.setSubscriptionIdentifier(subscriptionId);
        }
        CompletableFuture<Qos> result = new CompletableFuture<>();
        try {
            client.subscribe(
                    new MqttSubscription[] {subscription},
                    null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            int[] codes = token.getReasonCodes();
                            int code = firstFailureCode(codes);
                            if (code >= 0) {
                                result.completeExceptionally(TransportException.refused("SUBACK", code));
                            } else {
                                result.complete(
                                        codes != null && codes.length > 0 && codes[0] == 0
                                                ? Qos.AT_MOST_ONCE
                                                : Qos.AT_LEAST_ONCE);
                            }
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            result.completeExceptionally(classify(exception, TransportException.Kind.FAILED, "SUBACK"));
                        }
                    },
                    properties);
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(classify(e, TransportException.Kind.FAILED, "SUBACK"));
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            client.unsubscribe(filter, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    result.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    result.completeExceptionally(classify(exception, TransportException.Kind.FAILED, "UNSUBACK"));
                }
            });
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(classify(e, TransportException.Kind.FAILED, "UNSUBACK"));
        }
        return result;
    }

    @Override
    public void close() {
        if (!ownsClient) {
            client.setCallback(null);
            return;
        }
        try {
            if (client.isConnected()) {
                // a graceful DISCONNECT completes as soon as it is written; Paho's forcible variant waits out its
                // whole timeout for a token that a DISCONNECT never gets
                client.disconnect(0, null, null, 0, new MqttProperties()).waitForCompletion(QUIESCE_MS);
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

    /**
     * Classifies a Paho failure: a broker's reason code (0x80 and up, below Paho's own codes) is a refusal by the
     * packet named; a client timeout is a timeout; anything else is {@code otherwise}.
     */
    private static TransportException classify(Throwable error, TransportException.Kind otherwise, String packet) {
        if (error instanceof MqttException) {
            int code = ((MqttException) error).getReasonCode();
            if (code >= 0x80 && code <= 0xFF) {
                return new TransportException(TransportException.Kind.REFUSED, packet, code, error);
            }
            if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
                return new TransportException(
                        TransportException.Kind.TIMEOUT, message((MqttException) error), null, error);
            }
            return new TransportException(otherwise, message((MqttException) error), null, error);
        }
        return new TransportException(otherwise, String.valueOf(error), null, error);
    }

    private static String message(MqttException e) {
        return e.getMessage() + " (Paho code " + e.getReasonCode() + ")";
    }

    private static int[] subscriptionIds(MqttProperties properties) {
        List<Integer> ids = properties == null ? null : properties.getSubscriptionIdentifiers();
        if (ids == null || ids.isEmpty()) {
            return NO_IDS;
        }
        int[] result = new int[ids.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = ids.get(i);
        }
        return result;
    }

    private static int firstFailureCode(int[] codes) {
        if (codes != null) {
            for (int code : codes) {
                if (code >= 0x80) {
                    return code;
                }
            }
        }
        return -1;
    }

    /** Paho's one callback. */
    private final class Callback implements MqttCallback {
        private final TransportEvents events;

        Callback(TransportEvents events) {
            this.events = events;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Throwable cause = response.getException() != null
                    ? response.getException()
                    : new MqttException(response.getReturnCode());
            events.onConnectionLost(cause);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{}: MQTT error: {}", clientId(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.onMessage(
                    topic,
                    message.getPayload(),
                    message.getQos() == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                    message.isRetained(),
                    subscriptionIds(message.getProperties()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish outcomes are taken from each publish's own action listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (ownerConnects()) {
                // a wrapped client connected by its owner: the session flag is not exposed here
                events.onConnectedByOwner(Optional.empty());
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // enhanced authentication is not used
        }
    }
}
