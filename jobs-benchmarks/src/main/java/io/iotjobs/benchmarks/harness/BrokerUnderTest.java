package io.iotjobs.benchmarks.harness;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.EmbeddedBroker;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The broker a harness runs against: the embedded broker of the testkit (started and stopped here), or any
 * broker given as {@code tcp://host:port}.
 */
public final class BrokerUnderTest implements AutoCloseable {

    private final EmbeddedBroker embedded;
    private final String host;
    private final int port;
    private final String description;

    private BrokerUnderTest(EmbeddedBroker embedded, String host, int port, String description) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.description = description;
    }

    /**
     * Starts the embedded broker, or names an external one.
     *
     * @param uri {@code embedded}, or {@code tcp://host:port}
     * @param receiveMaximum the receive maximum of the embedded broker (an external broker has its own)
     * @param label what an external broker is, for the report, or {@code null}
     * @return the broker
     * @throws IllegalArgumentException if the URI is neither
     */
    public static BrokerUnderTest open(String uri, int receiveMaximum, String label) {
        if (uri.equals("embedded")) {
            EmbeddedBroker broker = EmbeddedBroker.builder()
                    .port(0)
                    .receiveMaximum(receiveMaximum)
                    .start();
            return new BrokerUnderTest(
                    broker,
                    "127.0.0.1",
                    broker.port(),
                    "embedded HiveMQ CE, in this JVM, receive maximum " + receiveMaximum);
        }
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--broker: not a URI: " + uri, e);
        }
        if (!"tcp".equals(parsed.getScheme()) || parsed.getHost() == null || parsed.getPort() < 1) {
            throw new IllegalArgumentException("--broker: expected embedded or tcp://host:port, got " + uri);
        }
        return new BrokerUnderTest(
                null, parsed.getHost(), parsed.getPort(), (label == null ? "external broker" : label) + " at " + uri);
    }

    /**
     * The broker's host.
     *
     * @return host name or address
     */
    public String host() {
        return host;
    }

    /**
     * The broker's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The broker as a URI for Paho.
     *
     * @return {@code tcp://host:port}
     */
    public String uri() {
        return "tcp://" + host + ":" + port;
    }

    /**
     * Connects a new SDK connection over Paho v5 (TCP_NODELAY on, clean start, in-memory session).
     *
     * @param clientId the client id
     * @return the connected connection
     */
    public MqttConnection connect(String clientId) {
        return connect(clientId, BenchTransport.PAHO5);
    }

    /**
     * Connects a new SDK connection over a transport (TCP_NODELAY on, clean start, in-memory session; on MQTT 5
     * a session that ends with the connection).
     *
     * @param clientId the client id
     * @param transport the transport
     * @return the connected connection
     */
    public MqttConnection connect(String clientId, BenchTransport transport) {
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain(host, port)
                .clientId(clientId)
                .cleanStart(true)
                .keepAlive(Duration.ofSeconds(60))
                .transport(transport.factory());
        if (transport.mqtt5()) {
            builder.sessionExpiry(Duration.ZERO);
        }
        MqttConnection connection = builder.build();
        try {
            connection.connect().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            connection.close();
            throw new IllegalStateException(
                    "cannot connect " + clientId + " over " + transport.label() + " to " + uri() + ": " + e, e);
        }
        return connection;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
