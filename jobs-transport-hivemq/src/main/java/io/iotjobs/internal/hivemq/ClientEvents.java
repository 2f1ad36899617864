package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SDK's connected and disconnected listener inside a HiveMQ client. The client takes its listeners only when
 * it is built, and a transport exists only later, so the listener goes into the client first and passes what it
 * hears on to the transport that binds it; until then, and after the transport is closed, it ignores everything.
 * One relay serves one client, and one transport at a time.
 */
public final class ClientEvents implements MqttClientConnectedListener, MqttClientDisconnectedListener {

    /** Where a bound relay passes the events; called on the client's Netty thread. */
    interface Receiver {
        void connected(MqttClientConnectedContext context);

        void disconnected(MqttClientDisconnectedContext context);
    }

    private final AtomicReference<Receiver> receiver = new AtomicReference<>();

    /** A relay bound to nothing yet. */
    public ClientEvents() {}

    /**
     * The relay among a client's listeners: the same one must be both its connected and its disconnected listener.
     *
     * @param config the client's configuration
     * @return the relay, if the client has one in both roles
     */
    public static Optional<ClientEvents> in(MqttClientConfig config) {
        for (MqttClientConnectedListener listener : config.getConnectedListeners()) {
            if (listener instanceof ClientEvents
                    && config.getDisconnectedListeners().contains(listener)) {
                return Optional.of((ClientEvents) listener);
            }
        }
        return Optional.empty();
    }

    @Override
    public void onConnected(MqttClientConnectedContext context) {
        Receiver bound = receiver.get();
        if (bound != null) {
            bound.connected(context);
        }
    }

    @Override
    public void onDisconnected(MqttClientDisconnectedContext context) {
        Receiver bound = receiver.get();
        if (bound != null) {
            bound.disconnected(context);
        }
    }

    /**
     * Binds the relay to a transport.
     *
     * @param to the transport
     * @return false if another transport holds it
     */
    boolean bind(Receiver to) {
        return receiver.compareAndSet(null, to);
    }

    /**
     * The transport the relay is bound to (tests).
     *
     * @return the transport, or {@code null}
     */
    Receiver bindsTo() {
        return receiver.get();
    }

    /**
     * Releases the relay, if {@code from} holds it.
     *
     * @param from the transport
     */
    void unbind(Receiver from) {
        receiver.compareAndSet(from, null);
    }
}
