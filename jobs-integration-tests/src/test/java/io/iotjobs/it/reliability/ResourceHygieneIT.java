package io.iotjobs.it.reliability;

import static io.iotjobs.it.reliability.Scenarios.WAIT;
import static io.iotjobs.it.reliability.Scenarios.await;
import static io.iotjobs.it.reliability.Scenarios.job;
import static io.iotjobs.it.reliability.Scenarios.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ManagedConnection;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.ServiceFixture;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionSubscriptionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After {@code close()} of the V1 and V2 clients and of the connection, nothing of the device is left: no
 * thread of the SDK ({@code iotjobs-*}) or of Paho for its client id, and no subscription on the broker.
 *
 * <p>The broker side is checked from outside: the device uses a persistent session, so the broker would keep
 * any subscription it did not remove. A raw client then takes over that session (the broker confirms it still
 * exists: session present) and everything the device had subscribed to is published; only the sentinel the
 * raw client subscribed to itself may arrive. The control case closes only the connection, leaving the
 * clients' subscriptions in the session, and shows that this check does see leftovers.
 */
class ResourceHygieneIT {
    private static final Map<BrokerKind, ServiceFixture> SERVICES = new EnumMap<>(BrokerKind.class);

    @AfterAll
    static void closeServices() {
        SERVICES.values().forEach(ServiceFixture::close);
    }

    private static synchronized ServiceFixture service(BrokerKind kind) {
        return SERVICES.computeIfAbsent(kind, k -> ServiceFixture.start(Brokers.shared(k)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void closingTheClientsAndTheConnectionLeavesNoThreadAndNoSubscription(BrokerKind kind) throws Exception {
        Broker broker = Brokers.shared(kind);
        ServiceFixture service = service(kind);
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

        String clientId = unique("hygiene");
        Device device = busyDevice(broker, service, clientId);
        List<String> topics = concreteTopics(device);
        assertThat(newThreadsOf(before, clientId)).as("threads while in use").isNotEmpty();

        device.v1.close();
        device.v2.close();
        device.connection.close();

        List<Thread> left = newThreadsOf(before, clientId);
        for (Thread thread : left) {
            thread.join(WAIT.toMillis());
        }
        assertThat(left.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toList()))
                .as("threads left after close()")
                .isEmpty();

        assertThat(deliveredTo(broker, clientId, topics))
                .as("messages delivered to subscriptions left in the session")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void controlCaseClosingOnlyTheConnectionLeavesSubscriptionsTheCheckSees(BrokerKind kind) throws Exception {
        Broker broker = Brokers.shared(kind);
        ServiceFixture service = service(kind);
        String clientId = unique("hygiene-control");
        Device device = busyDevice(broker, service, clientId);
        List<String> topics = concreteTopics(device);

        device.connection.close();
        try {
            // Mosquitto sends one copy per matching subscription (the filters overlap), HiveMQ one per topic
            assertThat(Set.copyOf(deliveredTo(broker, clientId, topics)))
                    .as("a message for every subscribed filter")
                    .isEqualTo(Set.copyOf(topics));
        } finally {
            device.v1.close();
            device.v2.close();
        }
    }

    /**
     * A device with a persistent session that used everything: V2 streams and requests (warm reply
     * subscriptions), V1 event and reply subscriptions.
     */
    private static Device busyDevice(Broker broker, ServiceFixture service, String clientId) throws Exception {
        Device device = new Device(
                clientId,
                broker.connectionBuilder().clientId(clientId).cleanStart(false).sessionExpiry(Duration.ofHours(1)));
        device.connect();
        device.follow(true);
        String jobId = unique("hygiene-job");
        service.control().createJob(job(jobId, clientId));
        await(device.v2.getPendingJobExecutions(
                GetPendingJobExecutionsRequest.builder().thingName(clientId).build()));
        await(device.v2.describeJobExecution(DescribeJobExecutionRequest.builder()
                .thingName(clientId)
                .jobId(jobId)
                .build()));
        await(device.v2.updateJobExecution(UpdateJobExecutionRequest.builder()
                .thingName(clientId)
                .jobId(jobId)
                .status(JobStatus.IN_PROGRESS)
                .build()));
        await(device.v1.subscribeToGetPendingJobExecutionsAccepted(
                GetPendingJobExecutionsSubscriptionRequest.builder()
                        .thingName(clientId)
                        .build(),
                Qos.AT_LEAST_ONCE,
                reply -> {}));
        await(device.v1.subscribeToStartNextPendingJobExecutionRejected(
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName(clientId)
                        .build(),
                Qos.AT_LEAST_ONCE,
                reply -> {}));
        await(device.v1.subscribeToDescribeJobExecutionAccepted(
                DescribeJobExecutionSubscriptionRequest.builder()
                        .thingName(clientId)
                        .jobId(jobId)
                        .build(),
                Qos.AT_LEAST_ONCE,
                reply -> {}));
        await(device.v1.subscribeToUpdateJobExecutionAccepted(
                UpdateJobExecutionSubscriptionRequest.builder()
                        .thingName(clientId)
                        .build(),
                Qos.AT_LEAST_ONCE,
                reply -> {}));
        device.v1
                .publishGetPendingJobExecutions(
                        GetPendingJobExecutionsRequest.builder()
                                .thingName(clientId)
                                .build(),
                        Qos.AT_LEAST_ONCE)
                .get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return device;
    }

    /** One topic matching each filter the device's connection holds now. */
    private static List<String> concreteTopics(Device device) {
        List<String> filters = ((ManagedConnection) ConnectionAccess.transport(device.connection)).subscribedFilters();
        assertThat(filters).as("filters in use").hasSizeGreaterThanOrEqualTo(6);
        return filters.stream()
                .map(f -> f.replace("+", "x").replace("#", "x"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** The device's threads and Paho's threads for its client id that were not there before. */
    private static List<Thread> newThreadsOf(Set<Thread> before, String clientId) {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread)
                    && thread.isAlive()
                    && (thread.getName().startsWith("iotjobs-")
                            || thread.getName().endsWith(clientId))) {
                found.add(thread);
            }
        }
        return found;
    }

    /**
     * Takes over the client id's session with a raw client, publishes to every topic, then to a sentinel the
     * raw client subscribed to, and returns the topics that reached the raw client before the sentinel. Removes
     * the session afterwards.
     */
    private static List<String> deliveredTo(Broker broker, String clientId, List<String> topics) throws Exception {
        String sentinel = "it/sentinel/" + clientId;
        List<String> delivered = new ArrayList<>();
        try (RawMqttClient takeover =
                        RawMqttClient.connect(broker.serverUri(), clientId, RawMqttClient.persistentSession());
                RawMqttClient publisher = RawMqttClient.connect(broker.serverUri(), unique("publisher"))) {
            assertThat(takeover.sessionPresent())
                    .as("the broker still holds the device's session")
                    .isTrue();
            assertThat(takeover.subscribe(sentinel)).isEqualTo(1);
            for (String topic : topics) {
                assertThat(publisher.publish(topic, "{}"))
                        .as("PUBACK for " + topic)
                        .isZero();
            }
            assertThat(publisher.publish(sentinel, "end")).isZero();
            while (true) {
                RawMqttClient.Received message = takeover.poll(WAIT);
                assertThat(message).as("the sentinel").isNotNull();
                if (message.topic().equals(sentinel)) {
                    break;
                }
                delivered.add(message.topic());
            }
        } finally {
            RawMqttClient.connect(broker.serverUri(), clientId).disconnect();
        }
        return delivered;
    }
}
