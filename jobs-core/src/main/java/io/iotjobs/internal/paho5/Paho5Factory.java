package io.iotjobs.internal.paho5;

import io.iotjobs.core.LastWill;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.core.spi.WebSocketSettings;
import io.iotjobs.internal.tls.SocketFactories;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** Makes {@link Paho5Transport}s from connection settings. Paho v5 honours every setting. */
public final class Paho5Factory implements TransportFactory {

    /** The one instance. */
    public static final Paho5Factory INSTANCE = new Paho5Factory();

    private Paho5Factory() {}

    @Override
    public String name() {
        return "Paho v5";
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_5;
    }

    @Override
    public MqttTransport create(ConnectionSettings settings) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(SocketFactories.forSettings(settings));
        options.setCleanStart(settings.cleanStart());
        options.setSessionExpiryInterval(
                settings.sessionExpiry().map(d -> d.getSeconds()).orElse(0L));
        options.setKeepAliveInterval(
                (int) Math.min(Integer.MAX_VALUE, settings.keepAlive().getSeconds()));
        options.setConnectionTimeout((int) Math.min(
                Integer.MAX_VALUE,
                Math.max(1, settings.connectPolicy().attemptTimeout().toSeconds())));
        options.setAutomaticReconnect(false);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(options::setPassword);
        // MQTT connection options: Will, CONNECT user properties, maximum packet size
        settings.lastWill().ifPresent(will -> will(options, will));
        if (!settings.userProperties().isEmpty()) {
            options.setUserProperties(userProperties(settings.userProperties()));
        }
        settings.maximumPacketSize().ifPresent(bytes -> options.setMaximumPacketSize((long) bytes));
        MqttClientPersistence persistence = settings.persistenceDirectory()
                .<MqttClientPersistence>map(dir -> new MqttDefaultFilePersistence(dir.toString()))
                .orElseGet(MemoryPersistence::new);
        MqttAsyncClient client;
        try {
            // TLS is done by the socket factory, so Paho sees a plain tcp:// URI (see TlsSocketFactory)
            client = new MqttAsyncClient(SocketFactories.tcpUri(settings), settings.clientId(), persistence);
        } catch (MqttException e) {
            throw new IllegalArgumentException(
                    "cannot create a Paho v5 client for " + settings.serverUri() + ": " + e.getMessage(), e);
        }
        Runnable beforeConnect = settings.webSocket()
                .<Runnable>map(ws -> () -> {
                    WebSocketSettings.Handshake handshake = ws.handshake();
                    options.setServerURIs(new String[] {SocketFactories.webSocketUri(settings, handshake)});
                    options.setCustomWebSocketHeaders(handshake.headers());
                })
                .orElse(() -> {});
        return new Paho5Transport(client, options, true, settings.serverUri(), beforeConnect);
    }

    private static void will(MqttConnectionOptions options, LastWill will) {
        MqttMessage message = new MqttMessage(will.payload(), will.qos().level(), will.retain(), null);
        options.setWill(will.topic(), message);
        MqttProperties properties = new MqttProperties();
        will.delayInterval().ifPresent(d -> properties.setWillDelayInterval(d.getSeconds()));
        will.contentType().ifPresent(properties::setContentType);
        will.messageExpiry().ifPresent(d -> properties.setMessageExpiryInterval(d.getSeconds()));
        if (!will.userProperties().isEmpty()) {
            properties.setUserProperties(userProperties(will.userProperties()));
        }
        options.setWillMessageProperties(properties);
    }

    private static List<UserProperty> userProperties(List<io.iotjobs.core.UserProperty> properties) {
        return properties.stream()
                .map(p -> new UserProperty(p.name(), p.value()))
                .toList();
    }
}
