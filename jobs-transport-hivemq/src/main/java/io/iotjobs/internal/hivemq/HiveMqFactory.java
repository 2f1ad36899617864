package io.iotjobs.internal.hivemq;

import com.hivemq.client.internal.mqtt.MqttClientConfig;
import com.hivemq.client.internal.mqtt.MqttClientTransportConfigImpl;
import com.hivemq.client.internal.mqtt.MqttRxClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.MqttWebSocketConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublishBuilder;
import io.iotjobs.core.LastWill;
import io.iotjobs.core.UserProperty;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.core.spi.WebSocketSettings;
import io.netty.channel.EventLoopGroup;
import io.reactivex.schedulers.Schedulers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Makes {@link HiveMqClientTransport}s over HiveMQ clients the SDK builds, for MQTT 5 or MQTT 3.1.1. Each client:
 * <ul>
 *   <li>runs on the SDK's event loops ({@link EventLoops}) and delivers every callback on them (application
 *       scheduler "trampoline": no hand-off to another thread);</li>
 *   <li>has no automatic reconnect (the connection drives reconnects) and socket, TLS and CONNACK timeouts a
 *       quarter of a second longer than the attempt timeout;</li>
 *   <li>connects with TLS through {@link NettyTls} (ALPN, the user's {@code SSLContext}, host name check);</li>
 *   <li>has TCP_NODELAY on: Netty sets it on every socket it opens (its default everywhere but Android);</li>
 *   <li>tunnels through an HTTP proxy, when one is set, with the client's own proxy configuration
 *       ({@link HiveMqProxy}).</li>
 * </ul>
 * The HiveMQ client keeps its session state in memory only, so {@code persistenceDirectory} is refused, as is
 * {@code sessionExpiry} on MQTT 3.1.1.
 */
public final class HiveMqFactory implements TransportFactory {

    /** The transport's name in messages. */
    public static final String NAME = "HiveMQ client";
    /** MQTT 5. */
    public static final HiveMqFactory MQTT_5 = new HiveMqFactory(MqttProtocol.MQTT_5);
    /** MQTT 3.1.1. */
    public static final HiveMqFactory MQTT_3_1_1 = new HiveMqFactory(MqttProtocol.MQTT_3_1_1);

    private static final long MAX_KEEP_ALIVE_SECONDS = 65_535;
    private static final long LIBRARY_TIMEOUT_MARGIN_MILLIS = 250;
    private static final long MAX_SESSION_EXPIRY_SECONDS = Mqtt5Connect.NO_SESSION_EXPIRY;

    private final MqttProtocol protocol;

    private HiveMqFactory(MqttProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MqttProtocol protocol() {
        return protocol;
    }

    @Override
    public MqttTransport create(ConnectionSettings settings) {
        Mqtt5Connect connect = connectMessage(settings);
        // the client's own bounds are a little longer than the connection's, so that the connection usually ends an
        // attempt first and says why; the client then ends the abandoned attempt by itself, a moment later, and the
        // next attempt starts
        long libraryMillis = settings.connectPolicy().attemptTimeout().toMillis() + LIBRARY_TIMEOUT_MARGIN_MILLIS;
        NettyTls tls = settings.tls()
                .map(t -> NettyTls.of(t, Duration.ofMillis(libraryMillis)))
                .orElse(null);
        WebSocketSettings webSocket = settings.webSocket().orElse(null);
        if (webSocket != null && webSocket.signedQuery()) {
            throw unsupported(
                    "sigV4",
                    "the HiveMQ client 1.3 re-encodes the WebSocket query string ('%' becomes"
                            + " '%25'), which breaks a presigned URL; use the Paho v5 or Paho v3 transport");
        }
        HiveMqProxy proxy =
                HiveMqProxy.of(settings.httpProxy().orElse(null), settings.host(), settings.port(), libraryMillis);
        MqttClientTransportConfig transport = MqttClientTransportConfig.builder()
                .serverHost(settings.host())
                .serverPort(settings.port())
                .sslConfig(tls == null ? null : tls.hiveConfig())
                .proxyConfig(proxy == null ? null : proxy.config())
                .socketConnectTimeout(libraryMillis, TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(libraryMillis, TimeUnit.MILLISECONDS)
                .build();
        EventLoopGroup loops = EventLoops.acquire();
        try {
            ClientEvents relay = new ClientEvents();
            MqttClientConfig config = identified(new SdkClientBuilder(), settings.clientId())
                    .transportConfig(transport)
                    .executorConfig(MqttClientExecutorConfig.builder()
                            .nettyExecutor(loops)
                            .applicationScheduler(Schedulers.trampoline())
                            .build())
                    .addConnectedListener(relay)
                    .addDisconnectedListener(relay)
                    .build(protocol == MqttProtocol.MQTT_5 ? MqttVersion.MQTT_5_0 : MqttVersion.MQTT_3_1_1);
            Runnable beforeConnect = () -> {
                if (webSocket != null) {
                    // the attempt's upgrade request; a new transport configuration drops the cached TLS context
                    config.setCurrentTransportConfig(withWebSocket(transport, webSocket.handshake(), libraryMillis));
                }
                if (tls != null) {
                    config.setCurrentSslContext(tls.context());
                }
            };
            return new HiveMqClientTransport(
                    new Mqtt5Operations(new MqttRxClient(config), connect),
                    relay,
                    settings.clientId(),
                    settings.serverUri(),
                    beforeConnect,
                    loops,
                    false,
                    proxy == null ? UnaryOperator.identity() : proxy::translate);
        } catch (RuntimeException e) {
            EventLoops.release(loops);
            throw e;
        }
    }

    private static MqttClientTransportConfigImpl withWebSocket(
            MqttClientTransportConfig transport, WebSocketSettings.Handshake handshake, long timeoutMillis) {
        String path = handshake.path().startsWith("/") ? handshake.path().substring(1) : handshake.path();
        return (MqttClientTransportConfigImpl) transport
                .extend()
                .webSocketConfig(MqttWebSocketConfig.builder()
                        .serverPath(path)
                        .queryString(handshake.query())
                        .httpHeaders(handshake.headers())
                        .handshakeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                        .build())
                .build();
    }

    private static SdkClientBuilder identified(SdkClientBuilder builder, String clientId) {
        try {
            return builder.identifier(clientId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clientId: " + e.getMessage(), e);
        }
    }

    /**
     * The CONNECT of every attempt, through the MQTT 5 API for both protocols. On MQTT 3.1.1 the session lasts
     * as the broker keeps it unless it is clean, as the HiveMQ client's own 3.1.1 API sets it.
     *
     * @param settings the settings
     * @return the CONNECT
     * @throws IllegalArgumentException naming a setting this transport or protocol cannot honour
     */
    Mqtt5Connect connectMessage(ConnectionSettings settings) {
        if (settings.persistenceDirectory().isPresent()) {
            throw unsupported(
                    "persistenceDirectory",
                    "the HiveMQ client keeps its session state in memory only;"
                            + " leave the option out, or use a Paho transport");
        }
        long keepAlive = settings.keepAlive().toSeconds();
        if (keepAlive > MAX_KEEP_ALIVE_SECONDS) {
            throw new IllegalArgumentException(
                    "keepAlive: MQTT allows at most " + MAX_KEEP_ALIVE_SECONDS + " s, got " + keepAlive + " s");
        }
        Mqtt5ConnectBuilder connect =
                Mqtt5Connect.builder().keepAlive((int) keepAlive).cleanStart(settings.cleanStart());
        if (protocol == MqttProtocol.MQTT_3_1_1) {
            settings.refuseMqtt5Only(this);
            if (settings.sessionExpiry().isPresent()) {
                throw unsupported(
                        "sessionExpiry",
                        "MQTT 3.1.1 has no session expiry; cleanStart(false) keeps the"
                                + " session for as long as the broker keeps sessions");
            }
            if (settings.password().isPresent() && settings.username().isEmpty()) {
                throw unsupported("credentials", "MQTT 3.1.1 sends a password only with a user name");
            }
            connect.sessionExpiryInterval(settings.cleanStart() ? 0 : Mqtt5Connect.NO_SESSION_EXPIRY);
        } else {
            long expiry = settings.sessionExpiry().map(Duration::toSeconds).orElse(0L);
            if (expiry > MAX_SESSION_EXPIRY_SECONDS) {
                throw new IllegalArgumentException("sessionExpiry: MQTT 5 allows at most " + MAX_SESSION_EXPIRY_SECONDS
                        + " s, got " + expiry + " s");
            }
            connect.sessionExpiryInterval(expiry);
        }
        Mqtt5SimpleAuthBuilder.Complete auth =
                settings.username().map(Mqtt5SimpleAuth.builder()::username).orElse(null);
        byte[] password = settings.password().orElse(null);
        if (password != null) {
            auth = auth == null ? Mqtt5SimpleAuth.builder().password(password) : auth.password(password);
        }
        if (auth != null) {
            connect.simpleAuth(auth.build());
        }
        // MQTT connection options: Will, CONNECT user properties, maximum packet size (MQTT 5 only, refused above)
        settings.lastWill().ifPresent(will -> connect.willPublish(willPublish(will)));
        if (!settings.userProperties().isEmpty()) {
            connect.userProperties(userProperties(settings.userProperties()));
        }
        settings.maximumPacketSize()
                .ifPresent(bytes -> connect.restrictions(Mqtt5ConnectRestrictions.builder()
                        .maximumPacketSize(bytes)
                        .build()));
        return connect.build();
    }

    private static Mqtt5WillPublish willPublish(LastWill will) {
        Mqtt5WillPublishBuilder.Complete publish = Mqtt5WillPublish.builder()
                .topic(will.topic())
                .payload(will.payload())
                .qos(MqttQos.fromCode(will.qos().level()))
                .retain(will.retain());
        will.delayInterval().ifPresent(d -> publish.delayInterval(d.getSeconds()));
        will.contentType().ifPresent(publish::contentType);
        will.messageExpiry().ifPresent(d -> publish.messageExpiryInterval(d.getSeconds()));
        if (!will.userProperties().isEmpty()) {
            publish.userProperties(userProperties(will.userProperties()));
        }
        return publish.build().asWill();
    }

    private static Mqtt5UserProperties userProperties(List<UserProperty> properties) {
        Mqtt5UserPropertiesBuilder builder = Mqtt5UserProperties.builder();
        properties.forEach(p -> builder.add(p.name(), p.value()));
        return builder.build();
    }

    @Override
    public String toString() {
        return NAME + " (" + protocol + ")";
    }
}
