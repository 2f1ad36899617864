package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.internal.tls.NoDelaySocketFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

/** A raw Paho v5 client (MQTT 5), within the broker's receive maximum. */
final class PahoV5RawClient implements RawClient, MqttCallback {

    private final MqttAsyncClient client;
    private final PahoWindow window;
    private final Map<String, Consumer<byte[]>> listeners = new ConcurrentHashMap<>();
    private final MqttActionListener acked = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            window.released();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            window.released();
        }
    };

    PahoV5RawClient(String host, int port, String clientId) throws MqttException {
        client = new MqttAsyncClient("tcp://" + host + ":" + port, clientId, new MemoryPersistence());
        client.setCallback(this);
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
        window = new PahoWindow(this::send, receiveMaximum == null ? 65535 : receiveMaximum);
    }

    private boolean send(String topic, byte[] payload) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        try {
            client.publish(topic, message, null, acked);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw new IllegalStateException("raw Paho v5 publish failed: " + e, e);
        }
    }

    @Override
    public void subscribe(String filter, Consumer<byte[]> listener) throws MqttException {
        listeners.put(filter, listener);
        client.subscribe(filter, 1).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void publish(String topic, byte[] payload) {
        window.publish(topic, payload);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // the raw scenarios subscribe to exact topics
        Consumer<byte[]> listener = listeners.get(topic);
        if (listener != null) {
            listener.accept(message.getPayload());
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        System.err.println("raw Paho v5 client disconnected: " + response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        System.err.println("raw Paho v5 client error: " + exception);
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

    @Override
    public void close() {
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
