package io.iotjobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.testkit.clients.RawMqttClient.Received;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Mosquitto fixture itself, seen through a raw Paho client: what the reliability tests rely on. */
class MosquittoBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void requireMosquitto() {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
    }

    @Test
    void servesMqtt5WithDollarTopicsAndKeepsItsPortAcrossRestart() throws Exception {
        try (MosquittoBroker broker =
                MosquittoBroker.builder().maxInflightMessages(10).start()) {
            int port = broker.port();
            try (RawMqttClient client = RawMqttClient.connect(broker.serverUri(), "fixture-a")) {
                assertThat(client.receiveMaximum()).isEqualTo(10);
                assertThat(client.subscribe("$aws/things/dev-1/jobs/notify")).isEqualTo(1);
                assertThat(client.publish("$aws/things/dev-1/jobs/notify", "one"))
                        .isZero();
                assertThat(client.poll(WAIT))
                        .extracting(Received::topic, Received::payload)
                        .containsExactly("$aws/things/dev-1/jobs/notify", "one");
            }

            broker.restart();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.isRunning()).isTrue();
            RawMqttClient.connect(broker.serverUri(), "fixture-b").disconnect();
            assertThat(broker.log())
                    .anyMatch(line -> line.contains("fixture-a"))
                    .anyMatch(line -> line.contains("fixture-b"));
        }
    }

    @Test
    void persistentSessionAndItsQueuedMessageSurviveRestartOnlyWithPersistence() throws Exception {
        for (boolean persistence : new boolean[] {true, false}) {
            try (MosquittoBroker broker =
                    MosquittoBroker.builder().persistence(persistence).start()) {
                RawMqttClient device = RawMqttClient.connect(
                        broker.serverUri(), "fixture-persistent", RawMqttClient.persistentSession());
                device.subscribe("$aws/things/dev-2/jobs/notify-next");
                device.disconnect();

                broker.restart();
                RawMqttClient publisher = RawMqttClient.connect(broker.serverUri(), "fixture-publisher");
                publisher.publish("$aws/things/dev-2/jobs/notify-next", "queued");

                try (RawMqttClient back = RawMqttClient.connect(
                        broker.serverUri(), "fixture-persistent", RawMqttClient.persistentSession())) {
                    assertThat(back.sessionPresent())
                            .as("session present, persistence " + persistence)
                            .isEqualTo(persistence);
                    if (persistence) {
                        assertThat(back.poll(WAIT))
                                .extracting(Received::topic, Received::payload)
                                .containsExactly("$aws/things/dev-2/jobs/notify-next", "queued");
                    }
                }
                publisher.disconnect();
            }
        }
    }

    @Test
    void deniedTopicIsRefusedWithNotAuthorizedOthersAreAllowed() throws Exception {
        try (MosquittoBroker broker =
                        MosquittoBroker.builder().deny("$aws/things/denied/#").start();
                RawMqttClient client = RawMqttClient.connect(broker.serverUri(), "fixture-acl")) {
            assertThat(client.subscribe("$aws/things/denied/jobs/notify")).isEqualTo(0x87);
            assertThat(client.subscribe("$aws/things/denied/jobs/+/get/+")).isEqualTo(0x87);
            assertThat(client.publish("$aws/things/denied/jobs/get", "{}")).isEqualTo(0x87);

            assertThat(client.subscribe("$aws/things/allowed/jobs/notify")).isEqualTo(1);
            assertThat(client.publish("$aws/things/allowed/jobs/notify", "ok")).isZero();
            assertThat(client.poll(WAIT))
                    .extracting(Received::topic, Received::payload)
                    .containsExactly("$aws/things/allowed/jobs/notify", "ok");
        }
    }

    @Test
    void closeDeletesItsFolderAndCannotStartAgain() {
        MosquittoBroker broker = MosquittoBroker.builder().persistence(true).start();
        Path folder = broker.folder();
        assertThat(folder.resolve("mosquitto.conf")).content().contains("listener " + broker.port() + " 127.0.0.1");
        broker.close();
        assertThat(broker.isRunning()).isFalse();
        assertThat(folder).doesNotExist();
        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
