package io.iotjobs.it.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ManagedConnection;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerPool;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input never leaves the client: a table ({@link BadInputTable}, several hundred rows) over every
 * request field of every operation of the V1 client ({@code publish*}) and the V2 client, the ten V1
 * {@code subscribe*} methods and the two V2 stream factories, plus the builders and client settings.
 *
 * <p>What it proves, against the embedded broker and Mosquitto:
 * <ul>
 *   <li>every bad value (null, empty, too long, wrong characters, out of range, a status the device may not
 *       set, {@code $next} on update, bad status details, bad client tokens, bad step timeouts, execution
 *       numbers and expected versions) is refused by a {@code NullPointerException} or
 *       {@code IllegalArgumentException} whose message starts with the field name, thrown by the call itself
 *       (not a failed future);</li>
 *   <li>nothing reaches the broker: a raw MQTT client subscribed to {@code $aws/things/#} (explicitly, since
 *       Mosquitto does not give {@code $} topics to {@code #}) receives nothing during the whole table, and
 *       the device connection holds no subscription afterwards; thing names and job ids with {@code /},
 *       {@code +}, {@code #}, {@code $}, NUL, whitespace, non-ASCII characters or over the length limit never
 *       reach a topic;</li>
 *   <li>the spy works: a valid V1 publish and a valid V2 request afterwards are the only two messages it
 *       receives, so a leak during the table would have been seen (MQTT keeps one publisher's order).</li>
 * </ul>
 */
class BadInputIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final BrokerPool BROKERS = new BrokerPool(BrokerSettings.defaults());

    @AfterAll
    static void closeBrokers() {
        BROKERS.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void everyBadArgumentIsRefusedAtOnceAndNothingIsPublished(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (RawMqttClient spy = RawMqttClient.connect(broker.serverUri(), "bad-input-spy-" + run);
                MqttConnection device = broker.connectionBuilder()
                        .clientId("bad-input-device-" + run)
                        .build()) {
            assertThat(spy.subscribe("$aws/things/#")).as("SUBACK of the spy").isEqualTo(1);
            device.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            try (IotJobsClient v1 = new IotJobsClient(device);
                    IotJobsClientV2 v2 = new IotJobsClientV2(device)) {
                List<BadInputTable.Row> rows = new BadInputTable(device, v1, v2).rows();
                SoftAssertions softly = new SoftAssertions();
                for (BadInputTable.Row row : rows) {
                    row.check(softly);
                }
                softly.assertAll();
                assertThat(rows).hasSizeGreaterThan(500);

                ManagedConnection transport = (ManagedConnection) ConnectionAccess.transport(device);
                assertThat(transport.subscribedFilters())
                        .as("filters subscribed by refused calls")
                        .isEmpty();
                assertThat(spy.poll(Duration.ZERO))
                        .as("published by a refused call")
                        .isNull();

                String v1Canary = "canary-v1-" + run;
                String v2Canary = "canary-v2-" + run;
                v1.publishGetPendingJobExecutions(
                                GetPendingJobExecutionsRequest.builder()
                                        .thingName(v1Canary)
                                        .clientToken("canary")
                                        .build(),
                                Qos.AT_LEAST_ONCE)
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                // no service answers: the request is published, then forgotten by cancelling its future
                CompletableFuture<?> unanswered = v2.getPendingJobExecutions(
                        GetPendingJobExecutionsRequest.builder()
                                .thingName(v2Canary)
                                .build(),
                        WAIT);
                List<RawMqttClient.Received> seen = new ArrayList<>();
                try {
                    seen.addAll(spy.take(2, WAIT));
                } finally {
                    unanswered.cancel(true);
                }
                Set<String> topics =
                        seen.stream().map(RawMqttClient.Received::topic).collect(Collectors.toSet());
                assertThat(topics)
                        .as("what the spy received: %s", seen)
                        .containsExactlyInAnyOrder(
                                "$aws/things/" + v1Canary + "/jobs/get", "$aws/things/" + v2Canary + "/jobs/get");
                assertThat(spy.poll(Duration.ZERO)).as("more than the canaries").isNull();
            }
        }
    }
}
