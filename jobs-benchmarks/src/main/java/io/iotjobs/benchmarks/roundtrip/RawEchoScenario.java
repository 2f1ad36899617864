package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.internal.tls.NoDelaySocketFactory;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Plain Paho v5 clients, no SDK. A requester publishes to a request topic and waits for a message on the reply
 * topic, to which it is subscribed. QoS 1 both ways, TCP_NODELAY on, no correlation (replies on one topic arrive
 * in order, so they are matched to requests first in, first out). Each client keeps its QoS 1 publishes within
 * the broker's receive maximum, as any MQTT 5 client must.
 *
 * <p>Two uses: the physical limit ({@link #echo}: a second raw client republishes the same bytes, no JSON), and
 * the local service's share of a round trip ({@link #toService}: the local service answers a fixed request).
 */
final class RawEchoScenario implements Scenario {

    private final String name;
    private final String description;
    private final MqttAsyncClient requester;
    private final MqttAsyncClient echo;
    private final Window requesterWindow;
    private final String requestTopic;
    private final byte[] payload;
    private final Queue<Completion> waiting = new ConcurrentLinkedQueue<>();

    /**
     * The physical limit: the request bytes come back from an echo client.
     */
    static RawEchoScenario echo(String brokerUri, String idPrefix, String requestTopic, String replyTopic,
            byte[] payload) throws MqttException {
        return new RawEchoScenario("raw", "raw Paho v5 request -> echo client -> reply, QoS 1, TCP_NODELAY, "
                + payload.length + "-byte payload", brokerUri, idPrefix, requestTopic, replyTopic, payload, true);
    }

    /**
     * A raw client against the local service: a fixed request (one client token for all) and its accepted reply.
     */
    static RawEchoScenario toService(String brokerUri, String idPrefix, String requestTopic, String replyTopic,
            byte[] payload) throws MqttException {
        return new RawEchoScenario("raw-service", "raw Paho v5 client -> local service -> accepted reply (the same "
                + "describe as v2-describe, with no SDK on the device side)", brokerUri, idPrefix, requestTopic,
                replyTopic, payload, false);
    }

    private RawEchoScenario(String name, String description, String brokerUri, String idPrefix,
            String requestTopic, String replyTopic, byte[] payload, boolean withEcho) throws MqttException {
        this.name = name;
        this.description = description;
        this.requestTopic = requestTopic;
        this.payload = payload.clone();
        if (withEcho) {
            this.echo = new MqttAsyncClient(brokerUri, idPrefix + "-echo", new MemoryPersistence());
            Window echoWindow = new Window(echo, connect(echo));
            echo.setCallback(new Callback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    echoWindow.publish(replyTopic, message.getPayload());
                }
            });
            echo.subscribe(requestTopic, 1).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        } else {
            this.echo = null;
        }
        this.requester = new MqttAsyncClient(brokerUri, idPrefix + "-requester", new MemoryPersistence());
        this.requesterWindow = new Window(requester, connect(requester));
        requester.setCallback(new Callback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Completion completion = waiting.poll();
                if (completion != null) {
                    completion.done(null);
                }
            }
        });
        requester.subscribe(replyTopic, 1).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
    }

    private static int connect(MqttAsyncClient client) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        IMqttToken token = client.connect(options);
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        MqttProperties properties = token.getResponseProperties();
        Integer receiveMaximum = properties == null ? null : properties.getReceiveMaximum();
        return receiveMaximum == null ? 65535 : receiveMaximum;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Completion completion) {
        waiting.add(completion);
        requesterWindow.publish(requestTopic, payload);
    }

    @Override
    public void close() {
        for (MqttAsyncClient client : echo == null ? new MqttAsyncClient[] {requester}
                : new MqttAsyncClient[] {requester, echo}) {
            try {
                client.disconnect().waitForCompletion(5000);
            } catch (MqttException e) {
                // closing anyway
            }
            try {
                client.close();
            } catch (MqttException e) {
                // nothing more to do
            }
        }
    }

    /**
     * QoS 1 publishes of one client kept within the broker's receive maximum: the ones beyond it wait for a
     * PUBACK.
     */
    private static final class Window {
        private final MqttAsyncClient client;
        private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
        private int limit;
        private int inFlight;
        private final MqttActionListener acked = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                released();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                released();
            }
        };

        Window(MqttAsyncClient client, int limit) {
            this.client = client;
            this.limit = Math.max(1, limit);
        }

        void publish(String topic, byte[] payload) {
            synchronized (this) {
                queue.addLast(new Object[] {topic, payload});
            }
            drain();
        }

        private void released() {
            synchronized (this) {
                inFlight--;
            }
            drain();
        }

        private void drain() {
            while (true) {
                Object[] next;
                synchronized (this) {
                    if (inFlight >= limit || queue.isEmpty()) {
                        return;
                    }
                    next = queue.pollFirst();
                    inFlight++;
                }
                MqttMessage message = new MqttMessage((byte[]) next[1]);
                message.setQos(1);
                try {
                    client.publish((String) next[0], message, null, acked);
                } catch (MqttException e) {
                    synchronized (this) {
                        inFlight--;
                        queue.addFirst(next);
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            throw new IllegalStateException("raw publish failed: " + e, e);
                        }
                        // Paho's own count is ahead of ours: follow it; retried on the next PUBACK
                        limit = Math.max(1, inFlight);
                        if (inFlight > 0) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Paho's callback with nothing but message arrival. */
    private abstract static class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            System.err.println("raw client disconnected: " + response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            System.err.println("raw client error: " + exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish outcomes come through each publish's listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connected synchronously in the constructor
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // not used
        }
    }
}
