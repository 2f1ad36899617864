package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.LocalJobsService;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The telemetry sample on a broker with a Jobs service, as an operator sees it from another connection: readings
 * arrive while the job loop runs, and a command sent to the device is answered, all on the device's one connection.
 */
class TelemetryIT {

    @ParameterizedTest
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void readingsFlowAndCommandsAreAnsweredBesideTheJobLoop(String transport) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.shared();
        String thing = "telemetry-" + transport + "-" + System.nanoTime();
        try (MqttConnection serviceConnection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                        .clientId("svc-" + thing)
                        .build();
                MqttConnection operator = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                        .clientId("operator-" + thing)
                        .build()) {
            serviceConnection.connect().get(10, TimeUnit.SECONDS);
            operator.connect().get(10, TimeUnit.SECONDS);
            try (LocalJobsService service =
                    LocalJobsService.builder().connection(serviceConnection).build()) {
                service.start().get(10, TimeUnit.SECONDS);
                BlockingQueue<IncomingMessage> fromDevice = new LinkedBlockingQueue<>();
                operator.subscribe("devices/" + thing + "/+", Qos.AT_LEAST_ONCE, fromDevice::add)
                        .get(10, TimeUnit.SECONDS);

                CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> Run.of(
                        "telemetry",
                        "--broker",
                        broker.serverUri(),
                        "--thing",
                        thing,
                        "--transport",
                        transport,
                        "--interval",
                        "50ms",
                        "--duration",
                        "4s"));
                // the first reading means the device has subscribed to its commands (it does so first)
                assertThat(next(fromDevice).topic()).isEqualTo("devices/" + thing + "/telemetry");
                operator.publish(
                                "devices/" + thing + "/commands/reboot",
                                "now".getBytes(StandardCharsets.UTF_8),
                                Qos.AT_LEAST_ONCE)
                        .get(10, TimeUnit.SECONDS);
                IncomingMessage reply = next(fromDevice);
                while (!reply.topic().endsWith("/replies")) {
                    reply = next(fromDevice);
                }
                assertThat(reply.payloadAsString()).isEqualTo("done devices/" + thing + "/commands/reboot");

                Run finished = run.get(30, TimeUnit.SECONDS);
                assertThat(finished.exitCode()).as(finished.toString()).isZero();
                assertThat(finished.out())
                        .containsPattern("(\\d+) published, \\1 acknowledged; 1 commands answered")
                        .contains(Transports.byName(transport)
                                .map(t -> "(" + t.name() + ", " + t.protocol() + ")")
                                .orElseThrow());
            }
        }
    }

    private static IncomingMessage next(BlockingQueue<IncomingMessage> queue) throws InterruptedException {
        IncomingMessage message = queue.poll(20, TimeUnit.SECONDS);
        assertThat(message).as("a message from the device within 20 s").isNotNull();
        return message;
    }
}
