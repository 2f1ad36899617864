package io.iotjobs.internal.paho3;

import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.core.spi.WebSocketSettings;
import io.iotjobs.internal.tls.SocketFactories;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;

/**
 * Makes {@link Paho3Transport}s from connection settings, refusing what MQTT 3.1.1 or Paho v3 cannot do.
 */
public final class Paho3Factory implements TransportFactory {

    /** The one instance. */
    public static final Paho3Factory INSTANCE = new Paho3Factory();

    /**
     * QoS 1 publishes in flight at once. MQTT 3.1.1 brokers announce no receive maximum; AWS IoT allows 100
     * unacknowledged publishes per connection, where the MQTT 5 brokers of the tests announce 100 too.
     */
    public static final int MAX_IN_FLIGHT = 100;

    private Paho3Factory() {}

    @Override
    public String name() {
        return "Paho v3";
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_3_1_1;
    }

    @Override
    public MqttTransport create(ConnectionSettings settings) {
        if (settings.sessionExpiry().isPresent()) {
            throw unsupported(
                    "sessionExpiry",
                    "MQTT 3.1.1 has no session expiry interval (the broker decides how"
                            + " long a session lives); use cleanStart(false) alone to keep the session");
        }
        settings.refuseMqtt5Only(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setSocketFactory(SocketFactories.forSettings(settings));
        options.setCleanSession(settings.cleanStart());
        options.setKeepAliveInterval(
                (int) Math.min(Integer.MAX_VALUE, settings.keepAlive().getSeconds()));
        options.setConnectionTimeout((int) Math.min(
                Integer.MAX_VALUE,
                Math.max(1, settings.connectPolicy().attemptTimeout().toSeconds())));
        options.setAutomaticReconnect(false);
        options.setMaxInflight(MAX_IN_FLIGHT);
        settings.username().ifPresent(options::setUserName);
        if (settings.password().isPresent()) {
            options.setPassword(passwordChars(settings.password().get()));
            if (settings.username().isEmpty()) {
                throw unsupported("credentials", "MQTT 3.1.1 allows a password only with a user name");
            }
        }
        settings.lastWill()
                .ifPresent(will ->
                        options.setWill(will.topic(), will.payload(), will.qos().level(), will.retain()));
        MqttClientPersistence persistence = settings.persistenceDirectory()
                .<MqttClientPersistence>map(dir -> new MqttDefaultFilePersistence(dir.toString()))
                .orElseGet(MemoryPersistence::new);
        MqttAsyncClient client;
        try {
            // TLS is done by the socket factory, so Paho sees a plain tcp:// URI (see TlsSocketFactory)
            client = new MqttAsyncClient(SocketFactories.tcpUri(settings), settings.clientId(), persistence);
        } catch (MqttException e) {
            throw new IllegalArgumentException(
                    "cannot create a Paho v3 client for " + settings.serverUri() + ": " + e.getMessage(), e);
        }
        Runnable beforeConnect = settings.webSocket()
                .<Runnable>map(ws -> () -> {
                    WebSocketSettings.Handshake handshake = ws.handshake();
                    options.setServerURIs(new String[] {SocketFactories.webSocketUri(settings, handshake)});
                    Properties headers = new Properties();
                    headers.putAll(handshake.headers());
                    options.setCustomWebSocketHeaders(headers);
                })
                .orElse(() -> {});
        return new Paho3Transport(client, options, true, settings.serverUri(), beforeConnect);
    }

    /** Paho v3 takes the password as characters and sends them in UTF-8: only UTF-8 passwords survive. */
    private char[] passwordChars(byte[] password) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(password))
                    .toString()
                    .toCharArray();
        } catch (CharacterCodingException e) {
            throw unsupported(
                    "credentials",
                    "Paho v3 takes the password as text and sends it in UTF-8, so a binary"
                            + " password that is not valid UTF-8 cannot be sent");
        }
    }
}
