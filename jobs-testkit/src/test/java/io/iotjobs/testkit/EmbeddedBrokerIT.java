package io.iotjobs.testkit;

import static io.iotjobs.testkit.clients.RawMqttClient.WAIT;
import static io.iotjobs.testkit.clients.RawMqttClient.cleanSession;
import static io.iotjobs.testkit.clients.RawMqttClient.persistentSession;
import static io.iotjobs.testkit.clients.RawMqttClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.testkit.clients.RawMqttClient.Received;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real embedded brokers and talks to them with raw Paho v5 clients. */
class EmbeddedBrokerIT {
    private static final String DOLLAR_TOPICS_BROKEN = "the embedded broker did not pass a QoS 1 publish to a $aws"
            + " topic. HiveMQ refuses $ topics unless its internal flag InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS"
            + " is set (EmbeddedBroker.start() sets it); a HiveMQ upgrade has probably removed or ignored that flag,"
            + " and every Jobs topic is broken on the embedded broker";

    /** One broker with the default settings for the tests that do not need one of their own. */
    private static EmbeddedBroker broker;

    private final RawMqttClient.Group clients = new RawMqttClient.Group();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void publishToAwsTopicReachesWildcardSubscriber() throws Exception {
        RawMqttClient subscriber = clients.connect(broker.serverUri(), uniqueId("jobs-service"), cleanSession());
        assertThat(subscriber.subscribe("$aws/things/+/jobs/#"))
                .as("granted QoS")
                .isEqualTo(1);
        RawMqttClient device = clients.connect(broker.serverUri(), uniqueId("dev-1"), cleanSession());

        try {
            device.publish("$aws/things/dev-1/jobs/get", "{\"clientToken\":\"t-1\"}");
        } catch (IllegalStateException e) {
            fail(DOLLAR_TOPICS_BROKEN + " (the publish failed: " + e.getCause() + ")", e);
        }

        Received received = subscriber.poll(WAIT);
        if (received == null) {
            fail(DOLLAR_TOPICS_BROKEN + " (nothing arrived within " + WAIT.toMillis() + " ms)");
        }
        assertThat(received).isEqualTo(new Received("$aws/things/dev-1/jobs/get", "{\"clientToken\":\"t-1\"}", 1));
        assertThat(device.mqtt().isConnected()).as(DOLLAR_TOPICS_BROKEN).isTrue();
    }

    @Test
    void connackAnnouncesHiveMqDefaultReceiveMaximum() throws Exception {
        RawMqttClient client = clients.connect(broker.serverUri(), uniqueId("rm"), cleanSession());

        assertThat(client.receiveMaximum()).isEqualTo(10);
    }

    @Test
    void twoBrokersRunAtOnceOnDifferentFreePorts() throws Exception {
        try (EmbeddedBroker second = EmbeddedBroker.builder().receiveMaximum(37).start()) {
            assertThat(second.port()).isNotEqualTo(broker.port());
            assertThat(second.serverUri()).isEqualTo("tcp://127.0.0.1:" + second.port());
            assertThat(broker.isRunning()).isTrue();
            assertThat(second.isRunning()).isTrue();

            RawMqttClient onFirst = clients.connect(broker.serverUri(), uniqueId("first"), cleanSession());
            RawMqttClient onSecond = clients.connect(second.serverUri(), uniqueId("second"), cleanSession());

            assertThat(onFirst.receiveMaximum()).isEqualTo(10);
            assertThat(onSecond.receiveMaximum()).isEqualTo(37);

            // each broker has its own subscriptions: a message on one does not reach the other
            onFirst.subscribe("$aws/things/+/jobs/notify");
            onSecond.subscribe("$aws/things/+/jobs/notify");
            onSecond.publish("$aws/things/dev-2/jobs/notify", "{}");
            assertThat(onSecond.poll(WAIT)).isEqualTo(new Received("$aws/things/dev-2/jobs/notify", "{}", 1));
            onFirst.publish("$aws/things/dev-1/jobs/notify", "{\"n\":1}");
            assertThat(onFirst.poll(WAIT)).isEqualTo(new Received("$aws/things/dev-1/jobs/notify", "{\"n\":1}", 1));
            assertThat(onFirst.drain()).isEmpty();
            assertThat(onSecond.drain()).isEmpty();
        }
    }

    @Test
    void startingOnATakenPortFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Duration timeout = Duration.ofSeconds(10);
            EmbeddedBroker blocked =
                    EmbeddedBroker.builder().port(port).startTimeout(timeout).build();
            try {
                long started = System.nanoTime();
                assertThatThrownBy(blocked::start)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("port " + port + " is already in use");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(timeout);
                assertThat(blocked.isRunning()).isFalse();
            } finally {
                blocked.close();
            }
        }
    }

    @Test
    void restartWithFilePersistenceKeepsPersistentSessionAndQueuedMessage(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("broker-data");
        String topic = "$aws/things/dev-1/jobs/notify-next";
        String subscriberId = uniqueId("persistent");
        EmbeddedBroker fileBroker = EmbeddedBroker.builder()
                .persistence(EmbeddedBroker.Persistence.FILE)
                .dataFolder(data)
                .start();
        try {
            int port = fileBroker.port();
            MqttConnectionOptions persistent = persistentSession();

            RawMqttClient subscriber = clients.connect(fileBroker.serverUri(), subscriberId, persistent);
            subscriber.subscribe(topic);
            subscriber.disconnect();

            RawMqttClient publisher = clients.connect(fileBroker.serverUri(), uniqueId("publisher"), cleanSession());
            publisher.publish(topic, "{\"queued\":true}");
            publisher.disconnect();

            fileBroker.restart();
            assertThat(fileBroker.isRunning()).isTrue();
            assertThat(fileBroker.port()).isEqualTo(port);

            RawMqttClient again = clients.connect(fileBroker.serverUri(), subscriberId, persistent);
            assertThat(again.sessionPresent())
                    .as("session present after the restart")
                    .isTrue();
            assertThat(again.poll(WAIT)).isEqualTo(new Received(topic, "{\"queued\":true}", 1));

        } finally {
            clients.close();
            fileBroker.close();
        }
        fileBroker.close(); // idempotent
        assertThat(fileBroker.isRunning()).isFalse();
        assertThatThrownBy(fileBroker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(Files.isDirectory(data))
                .as("a data folder given to the builder is kept")
                .isTrue();
    }

    @Test
    void sharedReturnsTheSameRunningInstance() throws Exception {
        EmbeddedBroker first = EmbeddedBroker.shared();
        EmbeddedBroker second = EmbeddedBroker.shared();

        assertThat(second).isSameAs(first);
        assertThat(first.isRunning()).isTrue();
        assertThat(first).isNotSameAs(broker);

        RawMqttClient client = clients.connect(first.serverUri(), uniqueId("shared"), cleanSession());
        assertThat(client.receiveMaximum()).isEqualTo(100);

        first.close(); // does nothing on the shared broker
        assertThat(first.isRunning()).isTrue();
        assertThatThrownBy(first::stop).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(first::restart).isInstanceOf(UnsupportedOperationException.class);
        assertThat(EmbeddedBroker.shared()).isSameAs(first);
    }
}
