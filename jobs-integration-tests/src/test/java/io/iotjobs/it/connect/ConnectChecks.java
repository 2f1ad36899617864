package io.iotjobs.it.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the connect tests check once connected: a QoS 1 message goes to the broker and back. */
final class ConnectChecks {

    /** How long a test waits for something that takes milliseconds; only a bound against hanging. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private ConnectChecks() {}

    /**
     * Connects, subscribes, publishes and awaits the message.
     *
     * @param connection a connection not connected yet
     * @throws Exception if a step fails
     */
    static void connectAndRoundTrip(MqttConnection connection) throws Exception {
        connection.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        String topic = "it/connect/" + UUID.randomUUID();
        CompletableFuture<IncomingMessage> received = new CompletableFuture<>();
        connection.subscribe(topic, Qos.AT_LEAST_ONCE, received::complete).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        connection
                .publish(topic, "over the wire".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(received.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).payloadAsString())
                .isEqualTo("over the wire");
    }
}
