package io.iotjobs.it.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.it.support.TlsBrokers;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.clients.TestTransports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * The embedded broker with a mutual-TLS listener (a client certificate signed by the test CA is required), and
 * the checks the identity tests make against it: a connection that completes a publish round trip, and one the
 * broker refuses.
 */
final class BrokerTls implements AutoCloseable {

    static final TestPki PKI = TestPki.shared();

    private final EmbeddedBroker broker;

    BrokerTls(Path folder) {
        broker = TlsBrokers.embeddedMutualTls(PKI, folder);
    }

    /** The builder's settings for this broker: its TLS port, the test CA, the transport, one attempt. */
    MqttConnectionBuilder toBroker(MqttConnectionBuilder builder, String transport) {
        return builder.port(broker.tlsPort())
                .clientId("tls-" + UUID.randomUUID().toString().substring(0, 8))
                .autoReconnect(false)
                .connectTimeout(Duration.ofSeconds(10))
                .transport(TestTransports.byName(transport));
    }

    /** Connects and sends a QoS 1 message to itself through the broker. */
    static void roundTrip(MqttConnectionBuilder builder) throws Exception {
        try (MqttConnection connection = builder.build()) {
            connection.connect().get(30, TimeUnit.SECONDS);
            LinkedBlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
            connection
                    .subscribe("identity/+/hello", Qos.AT_LEAST_ONCE, received::add)
                    .get(10, TimeUnit.SECONDS);
            connection
                    .publish("identity/dev/hello", "hi".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);
            IncomingMessage message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("the message back through the broker").isNotNull();
            assertThat(message.payloadAsString()).isEqualTo("hi");
        }
    }

    /** Connects, expects the broker to refuse during the handshake, and returns the failure. */
    static Throwable refused(MqttConnectionBuilder builder) {
        try (MqttConnection connection = builder.build()) {
            ExecutionException failure = Assertions.assertThrows(
                    ExecutionException.class, () -> connection.connect().get(30, TimeUnit.SECONDS));
            assertThat(connection.isConnected()).isFalse();
            return failure.getCause();
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
