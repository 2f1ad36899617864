package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.internal.paho3.Paho3Factory;
import io.iotjobs.internal.tls.NoDelaySocketFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A raw Paho v3 client (MQTT 3.1.1), with the in-flight limit the SDK's Paho v3 transport sets (MQTT 3.1.1 has no
 * receive maximum).
 */
final class PahoV3RawClient implements RawClient, MqttCallback {

    private final MqttAsyncClient client;
    private final PahoWindow window;
    private final Map<String, Consumer<byte[]>> listeners = new ConcurrentHashMap<>();
    private final IMqttActionListener acked = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            window.released();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            window.released();
        }
    };

    PahoV3RawClient(String host, int port, String clientId) throws MqttException {
        client = new MqttAsyncClient("tcp://" + host + ":" + port, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(Paho3Factory.MAX_IN_FLIGHT);
        client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        window = new PahoWindow(this::send, Paho3Factory.MAX_IN_FLIGHT);
    }

    private boolean send(String topic, byte[] payload) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        try {
            client.publish(topic, message, null, acked);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw new IllegalStateException("raw Paho v3 publish failed: " + e, e);
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
    public void connectionLost(Throwable cause) {
        System.err.println("raw Paho v3 client disconnected: " + cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // publish outcomes come through each publish's listener
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
