package io.iotjobs.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.CheckpointStore;
import io.iotjobs.agent.JobResult;
import io.iotjobs.agent.JobsAgent;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsExtension;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.V2ServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The code snippets of README.md, kept here so that the build compiles them (they are not run: they need an
 * AWS endpoint or a device). Keep both in step when either changes.
 */
final class ReadmeSnippets {

    private ReadmeSnippets() {}

    static void quickStartV2() {
        MqttConnection connection = MqttConnectionBuilder.mtlsFromPath(
                        "abc123-ats.iot.eu-west-1.amazonaws.com", Path.of("device.pem.crt"), Path.of("private.pem.key"))
                .clientId("MyDevice")
                .build();
        connection.connect().join();
        try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
            StartNextJobExecutionResponse next = jobs.startNextPendingJobExecution(
                            StartNextPendingJobExecutionRequest.builder()
                                    .thingName("MyDevice")
                                    .stepTimeoutInMinutes(10)
                                    .build())
                    .join();
            next.execution()
                    .ifPresent(job -> jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                                    .thingName("MyDevice")
                                    .jobId(job.jobId())
                                    .status(JobStatus.SUCCEEDED)
                                    .statusDetails(Map.of("result", "done"))
                                    .build())
                            .join());
        } catch (CompletionException e) {
            V2ServiceException failure = (V2ServiceException) e.getCause();
            failure.modeledError().ifPresent(error -> System.err.println(error.code() + ": " + error.message()));
        }
    }

    static void quickStartV1(MqttConnection connection) {
        IotJobsClient jobs = new IotJobsClient(connection);
        jobs.subscribeToStartNextPendingJobExecutionAccepted(
                        StartNextPendingJobExecutionSubscriptionRequest.builder()
                                .thingName("MyDevice")
                                .build(),
                        Qos.AT_LEAST_ONCE,
                        reply -> reply.execution()
                                .ifPresent(job -> jobs.publishUpdateJobExecution(
                                        UpdateJobExecutionRequest.builder()
                                                .thingName("MyDevice")
                                                .jobId(job.jobId())
                                                .status(JobStatus.SUCCEEDED)
                                                .build(),
                                        Qos.AT_LEAST_ONCE)))
                .join();
        jobs.publishStartNextPendingJobExecution(
                StartNextPendingJobExecutionRequest.builder()
                        .thingName("MyDevice")
                        .build(),
                Qos.AT_LEAST_ONCE);
    }

    static void extension(LocalJobsExtension jobs) throws Exception {
        String thing = jobs.uniqueThingName("updater");
        jobs.control()
                .createJob(JobSpec.builder("fw-17")
                        .document(JobDocument.parse("{\"operation\":\"install\"}"))
                        .targets(thing)
                        .build());
        try (IotJobsClientV2 device = new IotJobsClientV2(jobs.newConnection(thing))) {
            runMyDeviceCode(device, thing);
        }
        assertThat(jobs.control()
                        .describeJobExecution(thing, "fw-17")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.SUCCEEDED);
        jobs.clock().advance(Duration.ofMinutes(10));
    }

    private static void runMyDeviceCode(IotJobsClientV2 device, String thing) {
        device.startNextPendingJobExecution(
                StartNextPendingJobExecutionRequest.builder().thingName(thing).build());
    }

    record Install(String url, String version) {}

    interface Firmware {
        void download(String url);

        String install();
    }

    static void agent(MqttConnection connection, Firmware firmware) {
        JobsAgent agent = JobsAgent.builder(connection, "dev-1")
                .on(
                        "operation",
                        "install",
                        context -> {
                            Install job = context.document().as(Install.class);
                            if (context.resumedFrom().isEmpty()) {
                                firmware.download(job.url());
                                context.checkpoint("downloaded");
                            }
                            context.progress(Map.of("step", "installing"));
                            context.throwIfCancelled();
                            context.appendOutput(firmware.install());
                            return JobResult.succeeded(Map.of("version", job.version()));
                        },
                        Duration.ofMinutes(30))
                .on("operation", "reboot", context -> JobResult.rejected("reboots need a maintenance window"))
                .checkpointStore(CheckpointStore.inDirectory(Path.of("/var/lib/my-device/jobs")))
                .stepTimeout(Duration.ofMinutes(10))
                .build();
        agent.start().join();
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
    }
}
