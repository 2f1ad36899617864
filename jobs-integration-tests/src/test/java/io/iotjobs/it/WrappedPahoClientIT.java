package io.iotjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.v2.IotJobsClientV2;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Paho client that the user built and configured can carry the Jobs clients through
 * {@link MqttConnection#wrap}, connected by its owner or by the wrapper, and stays the user's afterwards.
 */
class WrappedPahoClientIT {

    private final String thing = "wrapped-" + UUID.randomUUID().toString().substring(0, 8);
    private EmbeddedBroker broker;
    private MqttConnection serviceConnection;
    private LocalJobsService service;

    @BeforeEach
    void startService() throws Exception {
        broker = EmbeddedBroker.shared();
        serviceConnection = MqttConnectionBuilder.plain("127.0.0.1", broker.port()).build();
        serviceConnection.connect().get(30, TimeUnit.SECONDS);
        service = LocalJobsService.builder().connection(serviceConnection).build();
        service.start().get(30, TimeUnit.SECONDS);
        service.control().createJob(JobSpec.builder("fw-1").document(JobDocument.parse("{\"operation\":\"install\"}"))
                .targets(List.of(thing)).build());
    }

    @AfterEach
    void stopService() {
        service.close();
        serviceConnection.close();
    }

    private MqttAsyncClient usersClient() throws Exception {
        return new MqttAsyncClient(broker.serverUri(), thing, new MemoryPersistence());
    }

    @Test
    void aClientConnectedByItsOwnerCarriesTheV2ClientAndStaysConnectedAfterClose() throws Exception {
        MqttAsyncClient paho = usersClient();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        paho.connect(options).waitForCompletion(30_000);

        MqttConnection connection = MqttConnection.wrap(paho, null);
        assertThat(connection.isConnected()).isTrue();
        try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
            StartNextJobExecutionResponse started = jobs.startNextPendingJobExecution(
                    StartNextPendingJobExecutionRequest.builder().thingName(thing).build()).get(30, TimeUnit.SECONDS);
            assertThat(started.execution().orElseThrow().jobId()).isEqualTo("fw-1");
            assertThat(started.execution().orElseThrow().status()).contains(JobStatus.IN_PROGRESS);
        }
        connection.close();
        assertThat(paho.isConnected()).as("the wrapped client stays the user's").isTrue();
        paho.disconnect().waitForCompletion(10_000);
        paho.close();
    }

    @Test
    void aClientNotConnectedYetIsConnectedByTheWrapperWithTheUsersOptions() throws Exception {
        MqttAsyncClient paho = usersClient();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        MqttConnection connection = MqttConnection.wrap(paho, options);
        assertThat(connection.connect().get(30, TimeUnit.SECONDS)).as("no session with clean start").isFalse();
        try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
            assertThat(jobs.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                    .thingName(thing).build()).get(30, TimeUnit.SECONDS).execution()).isPresent();
        }
        connection.close();
        paho.disconnect().waitForCompletion(10_000);
        paho.close();
    }

    @Test
    void wrappingAnUnconnectedClientWithoutOptionsIsRefused() throws Exception {
        MqttAsyncClient paho = usersClient();
        assertThatThrownBy(() -> MqttConnection.wrap(paho, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectOptions:");
        paho.close();
    }
}
