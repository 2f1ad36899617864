package io.iotjobs.it.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import io.iotjobs.v2.IotJobsClientV2;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A device runs a job with the V2 client against the local Jobs service, both over the HiveMQ transport. */
class HiveMqJobsIT {

    static Stream<Arguments> protocols() {
        return Stream.of(Arguments.of(HiveMqTransport.mqtt5()), Arguments.of(HiveMqTransport.mqtt311()));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static MqttConnection connected(TransportFactory factory, String role) throws Exception {
        MqttConnection connection = MqttConnectionBuilder.plain(
                        "127.0.0.1", EmbeddedBroker.shared().port())
                .clientId(role + "-" + UUID.randomUUID().toString().substring(0, 8))
                .transport(factory)
                .build();
        await(connection.connect());
        return connection;
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aDeviceStartsAndFinishesAJob(TransportFactory factory) throws Exception {
        String thing = "hivemq-device-" + UUID.randomUUID().toString().substring(0, 8);
        try (MqttConnection serviceConnection = connected(factory, "jobs-service");
                LocalJobsService service =
                        LocalJobsService.builder().connection(serviceConnection).build()) {
            await(service.start());
            service.control()
                    .createJob(JobSpec.builder("firmware-1")
                            .document(JobDocument.parse("{\"operation\":\"install\",\"version\":\"2.1\"}"))
                            .targets(List.of(thing))
                            .build());

            try (MqttConnection device = connected(factory, thing);
                    IotJobsClientV2 jobs = new IotJobsClientV2(device)) {
                StartNextJobExecutionResponse started =
                        await(jobs.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                                .thingName(thing)
                                .build()));
                JobExecutionData execution = started.execution().orElseThrow();
                assertThat(execution.jobId()).isEqualTo("firmware-1");
                assertThat(execution.status()).contains(JobStatus.IN_PROGRESS);
                assertThat(execution.jobDocument().orElseThrow().toJson()).contains("\"version\":\"2.1\"");

                await(jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                        .thingName(thing)
                        .jobId("firmware-1")
                        .status(JobStatus.SUCCEEDED)
                        .build()));

                JobExecutionData done = await(jobs.describeJobExecution(DescribeJobExecutionRequest.builder()
                                .thingName(thing)
                                .jobId("firmware-1")
                                .build()))
                        .execution()
                        .orElseThrow();
                assertThat(done.status()).contains(JobStatus.SUCCEEDED);
            }
        }
    }
}
