package io.iotjobs.samples.docs;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEventType;
import io.iotjobs.v2.V2ServiceException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The code of docs/quickstart.md, compiled with the tests so the page cannot drift from the API. Each method
 * body is the snippet of the section it names (plus a return so the tests can run it); DocSnippetsIT runs them
 * against the local Jobs service. Keep both in step when editing either.
 */
final class QuickstartSnippets {

    private QuickstartSnippets() {}

    /** "Connect to AWS IoT" (compiled only: it needs your certificate files and endpoint). */
    static MqttConnection connectToAwsIot() {
        MqttConnection connection = MqttConnectionBuilder.mtlsFromPath(
                        "abc123-ats.iot.eu-west-1.amazonaws.com", Path.of("device.pem.crt"), Path.of("private.pem.key"))
                .caFromPath(Path.of("AmazonRootCA1.pem")) // optional: the JVM's trust store has Amazon's roots
                .port(8883) // or 443 (ALPN x-amzn-mqtt-ca)
                .clientId("MyDevice") // usually the thing name
                .build();
        connection.connect().join();
        return connection;
    }

    /** What "Connect to the local broker" creates. */
    record Local(
            EmbeddedBroker broker,
            MqttConnection serviceConnection,
            LocalJobsService service,
            MqttConnection connection)
            implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
            service.close();
            serviceConnection.close();
            broker.close();
        }
    }

    /** "Connect to the local broker". */
    static Local connectToLocalBroker() {
        EmbeddedBroker broker = EmbeddedBroker.builder().start(); // MQTT 5 on a free loopback port
        MqttConnection serviceConnection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .clientId("local-jobs-service")
                .build();
        serviceConnection.connect().join();
        LocalJobsService service =
                LocalJobsService.builder().connection(serviceConnection).build();
        service.start().join();
        service.control()
                .createJob(JobSpec.builder("firmware-2-4-1")
                        .document(JobDocument.of(Map.of("operation", "firmware_update", "version", "2.4.1")))
                        .targets("MyDevice")
                        .build());

        MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .clientId("MyDevice")
                .build();
        connection.connect().join();
        return new Local(broker, serviceConnection, service, connection);
    }

    /** "V2: one future per request". */
    static void v2(MqttConnection connection) {
        try (IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
            StartNextJobExecutionResponse next = jobs.startNextPendingJobExecution(
                            StartNextPendingJobExecutionRequest.builder()
                                    .thingName("MyDevice")
                                    .stepTimeoutInMinutes(10)
                                    .build())
                    .join();
            if (next.execution().isPresent()) {
                JobExecutionData job = next.execution().get();
                boolean ok = runJob(job.jobDocument().orElse(JobDocument.empty())); // your code
                jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                                .thingName("MyDevice")
                                .jobId(job.jobId())
                                .status(ok ? JobStatus.SUCCEEDED : JobStatus.FAILED)
                                .statusDetails(Map.of("result", ok ? "installed" : "failed"))
                                .build())
                        .join();
            }
        } catch (CompletionException e) {
            V2ServiceException failure = (V2ServiceException) e.getCause();
            failure.modeledError()
                    .ifPresentOrElse(
                            rejected -> System.err.println("rejected: " + rejected.code() + " "
                                    + rejected.message().orElse("")),
                            () -> System.err.println("failed: " + failure.getMessage()));
        }
    }

    /** "V1: publish, and subscribe with callbacks" (returns the client so that the test can close it). */
    static IotJobsClient v1(MqttConnection connection) {
        IotJobsClient jobs = new IotJobsClient(connection);
        StartNextPendingJobExecutionSubscriptionRequest startNext =
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName("MyDevice")
                        .build();
        jobs.subscribeToStartNextPendingJobExecutionAccepted(
                        startNext,
                        Qos.AT_LEAST_ONCE,
                        reply -> reply.execution().ifPresent(job -> {
                            boolean ok = runJob(job.jobDocument().orElse(JobDocument.empty())); // your code
                            jobs.publishUpdateJobExecution(
                                    UpdateJobExecutionRequest.builder()
                                            .thingName("MyDevice")
                                            .jobId(job.jobId())
                                            .status(ok ? JobStatus.SUCCEEDED : JobStatus.FAILED)
                                            .build(),
                                    Qos.AT_LEAST_ONCE);
                        }))
                .join();
        jobs.subscribeToStartNextPendingJobExecutionRejected(
                        startNext,
                        Qos.AT_LEAST_ONCE,
                        rejected -> System.err.println("StartNext rejected: " + rejected.code()))
                .join();
        jobs.subscribeToUpdateJobExecutionRejected(
                        UpdateJobExecutionSubscriptionRequest.builder()
                                .thingName("MyDevice")
                                .build(),
                        Qos.AT_LEAST_ONCE,
                        rejected -> System.err.println("Update rejected: " + rejected.code()))
                .join();
        jobs.publishStartNextPendingJobExecution(
                StartNextPendingJobExecutionRequest.builder()
                        .thingName("MyDevice")
                        .build(),
                Qos.AT_LEAST_ONCE);
        return jobs;
    }

    /** "Events" (returns the stream so that the test can close it). */
    static StreamingOperation events(IotJobsClientV2 jobs) {
        StreamingOperation nextJob = jobs.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName("MyDevice")
                        .build(),
                ServiceStreamOptions.builder((NextJobExecutionChangedEvent event) -> event.execution()
                                .ifPresentOrElse(
                                        job -> System.out.println("next job: " + job.jobId()),
                                        () -> System.out.println("nothing pending")))
                        .subscriptionStatusListener(status -> {
                            if (status.type() == SubscriptionStatusEventType.SUBSCRIPTION_HALTED) {
                                System.err.println("notify-next stream halted: " + status);
                            }
                        })
                        .build());
        nextJob.open().join(); // the service sends nothing on subscribe: ask GetPending once after this
        return nextJob;
    }

    /** Stands for the device's own work in the snippets. */
    static boolean runJob(JobDocument document) {
        return document.getString("operation").isPresent();
    }
}
