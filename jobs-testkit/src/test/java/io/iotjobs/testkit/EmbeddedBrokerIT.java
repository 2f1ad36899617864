package io.iotjobs.testkit;

import static io.iotjobs.testkit.TestClients.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.iotjobs.testkit.TestClients.Client;
import io.iotjobs.testkit.TestClients.Received;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
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

    private final TestClients clients = new TestClients();

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
        Client subscriber = clients.connect(broker.serverUri(), TestClients.uniqueId("jobs-service"),
                TestClients.cleanSession());
        assertThat(TestClients.subscribe(subscriber, "$aws/things/+/jobs/#", 1)).as("granted QoS").isEqualTo(1);
        Client device = clients.connect(broker.serverUri(), TestClients.uniqueId("dev-1"), TestClients.cleanSession());

        try {
            TestClients.publish(device, "$aws/things/dev-1/jobs/get", "{\"clientToken\":\"t-1\"}", 1);
        } catch (MqttException e) {
            fail(DOLLAR_TOPICS_BROKEN + " (the publish failed: " + e + ")", e);
        }

        Received received = subscriber.next();
        if (received == null) {
            fail(DOLLAR_TOPICS_BROKEN + " (nothing arrived within " + WAIT_MS + " ms)");
        }
        assertThat(received).isEqualTo(new Received("$aws/things/dev-1/jobs/get", "{\"clientToken\":\"t-1\"}", 1));
        assertThat(device.mqtt().isConnected()).as(DOLLAR_TOPICS_BROKEN).isTrue();
    }

    @Test
    void connackAnnouncesHiveMqDefaultReceiveMaximum() throws Exception {
        Client client = clients.create(broker.serverUri(), TestClients.uniqueId("rm"));
        IMqttToken connect = client.mqtt().connect(TestClients.cleanSession());
        connect.waitForCompletion(WAIT_MS);

        assertThat(connect.getResponseProperties().getReceiveMaximum()).isEqualTo(10);
    }

    @Test
    void twoBrokersRunAtOnceOnDifferentFreePorts() throws Exception {
        try (EmbeddedBroker second = EmbeddedBroker.builder().receiveMaximum(37).start()) {
            assertThat(second.port()).isNotEqualTo(broker.port());
            assertThat(second.serverUri()).isEqualTo("tcp://127.0.0.1:" + second.port());
            assertThat(broker.isRunning()).isTrue();
            assertThat(second.isRunning()).isTrue();

            Client onFirst = clients.create(broker.serverUri(), TestClients.uniqueId("first"));
            IMqttToken first = onFirst.mqtt().connect(TestClients.cleanSession());
            first.waitForCompletion(WAIT_MS);
            Client onSecond = clients.create(second.serverUri(), TestClients.uniqueId("second"));
            IMqttToken secondConnect = onSecond.mqtt().connect(TestClients.cleanSession());
            secondConnect.waitForCompletion(WAIT_MS);

            assertThat(first.getResponseProperties().getReceiveMaximum()).isEqualTo(10);
            assertThat(secondConnect.getResponseProperties().getReceiveMaximum()).isEqualTo(37);

            // each broker has its own subscriptions: a message on one does not reach the other
            TestClients.subscribe(onFirst, "$aws/things/+/jobs/notify", 1);
            TestClients.subscribe(onSecond, "$aws/things/+/jobs/notify", 1);
            TestClients.publish(onSecond, "$aws/things/dev-2/jobs/notify", "{}", 1);
            assertThat(onSecond.next()).isEqualTo(new Received("$aws/things/dev-2/jobs/notify", "{}", 1));
            TestClients.publish(onFirst, "$aws/things/dev-1/jobs/notify", "{\"n\":1}", 1);
            assertThat(onFirst.next()).isEqualTo(new Received("$aws/things/dev-1/jobs/notify", "{\"n\":1}", 1));
            assertThat(onFirst.received()).isEmpty();
            assertThat(onSecond.received()).isEmpty();
        }
    }

    @Test
    void startingOnATakenPortFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Duration timeout = Duration.ofSeconds(10);
            EmbeddedBroker blocked = EmbeddedBroker.builder().port(port).startTimeout(timeout).build();
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
        String subscriberId = TestClients.uniqueId("persistent");
        EmbeddedBroker fileBroker = EmbeddedBroker.builder()
                .persistence(EmbeddedBroker.Persistence.FILE)
                .dataFolder(data)
                .start();
        try {
            int port = fileBroker.port();
            MqttConnectionOptions persistent = TestClients.persistentSession();

            Client subscriber = clients.connect(fileBroker.serverUri(), subscriberId, persistent);
            TestClients.subscribe(subscriber, topic, 1);
            TestClients.disconnect(subscriber);

            Client publisher = clients.connect(fileBroker.serverUri(), TestClients.uniqueId("publisher"),
                    TestClients.cleanSession());
            TestClients.publish(publisher, topic, "{\"queued\":true}", 1);
            TestClients.disconnect(publisher);

            fileBroker.restart();
            assertThat(fileBroker.isRunning()).isTrue();
            assertThat(fileBroker.port()).isEqualTo(port);

            Client again = clients.create(fileBroker.serverUri(), subscriberId);
            IMqttToken reconnect = again.mqtt().connect(persistent);
            reconnect.waitForCompletion(WAIT_MS);
            assertThat(reconnect.getSessionPresent()).as("session present after the restart").isTrue();
            assertThat(again.next()).isEqualTo(new Received(topic, "{\"queued\":true}", 1));

        } finally {
            clients.close();
            fileBroker.close();
        }
        fileBroker.close(); // idempotent
        assertThat(fileBroker.isRunning()).isFalse();
        assertThatThrownBy(fileBroker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(Files.isDirectory(data)).as("a data folder given to the builder is kept").isTrue();
    }

    @Test
    void sharedReturnsTheSameRunningInstance() throws Exception {
        EmbeddedBroker first = EmbeddedBroker.shared();
        EmbeddedBroker second = EmbeddedBroker.shared();

        assertThat(second).isSameAs(first);
        assertThat(first.isRunning()).isTrue();
        assertThat(first).isNotSameAs(broker);

        Client client = clients.create(first.serverUri(), TestClients.uniqueId("shared"));
        IMqttToken connect = client.mqtt().connect(TestClients.cleanSession());
        connect.waitForCompletion(WAIT_MS);
        assertThat(connect.getResponseProperties().getReceiveMaximum()).isEqualTo(100);

        first.close(); // does nothing on the shared broker
        assertThat(first.isRunning()).isTrue();
        assertThatThrownBy(first::stop).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(first::restart).isInstanceOf(UnsupportedOperationException.class);
        assertThat(EmbeddedBroker.shared()).isSameAs(first);
    }
}
