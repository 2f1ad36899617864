package io.iotjobs.samples.docs;

import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.LastWill;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.core.Qos;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEventType;
import io.iotjobs.v2.V2ServiceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * This SDK's side of docs/migration-from-aws-iot-device-sdk.md, compiled with the tests so that the page's Java
 * stays right (not run: it needs an AWS endpoint). Each method is one snippet of the page; keep both in step.
 */
final class AwsSdkMigrationSnippets {

    private AwsSdkMigrationSnippets() {}

    /** "Building the connection". */
    static MqttConnection connection() {
        MqttConnection connection = MqttConnectionBuilder.mtlsFromPath(
                        "abc123-ats.iot.eu-west-1.amazonaws.com", Path.of("device.pem.crt"), Path.of("private.pem.key"))
                .clientId("MyDevice")
                .keepAlive(Duration.ofSeconds(60))
                .lastWill(LastWill.builder("devices/MyDevice/status")
                        .payload("offline".getBytes(StandardCharsets.UTF_8))
                        .qos(Qos.AT_LEAST_ONCE)
                        .build())
                .listener(new MqttConnectionListener() {
                    @Override
                    public void onInterrupted(Throwable cause) {
                        System.err.println("connection lost: " + cause);
                    }

                    @Override
                    public void onResumed(boolean sessionPresent) {
                        System.err.println("connection back, session present: " + sessionPresent);
                    }
                })
                .build();
        connection.connect().join();
        return connection;
    }

    /** "V2: each operation". */
    static void v2Operations(MqttConnection connection) {
        try (IotJobsClientV2 jobs = IotJobsClientV2.builder(connection)
                .operationTimeout(Duration.ofSeconds(30))
                .build()) {
            GetPendingJobExecutionsResponse pending = jobs.getPendingJobExecutions(
                            GetPendingJobExecutionsRequest.builder()
                                    .thingName("MyDevice")
                                    .build())
                    .join();
            pending.queuedJobs().forEach(job -> System.out.println("queued: " + job.jobId()));

            StartNextJobExecutionResponse next = jobs.startNextPendingJobExecution(
                            StartNextPendingJobExecutionRequest.builder()
                                    .thingName("MyDevice")
                                    .stepTimeoutInMinutes(10)
                                    .build())
                    .join();
            next.execution().ifPresent(job -> {
                DescribeJobExecutionResponse described = jobs.describeJobExecution(DescribeJobExecutionRequest.builder()
                                .thingName("MyDevice")
                                .jobId(job.jobId())
                                .includeJobDocument(true)
                                .build())
                        .join();
                described.execution().flatMap(e -> e.jobDocument()).ifPresent(System.out::println);
                UpdateJobExecutionResponse updated = jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                                .thingName("MyDevice")
                                .jobId(job.jobId())
                                .status(JobStatus.SUCCEEDED)
                                .statusDetails(Map.of("result", "installed"))
                                .build())
                        .join();
                updated.executionState().ifPresent(state -> System.out.println(state.status()));
            });
        }
    }

    /** "V2: events". */
    static StreamingOperation v2Events(IotJobsClientV2 jobs) {
        StreamingOperation stream = jobs.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName("MyDevice")
                        .build(),
                ServiceStreamOptions.<NextJobExecutionChangedEvent>builder(event ->
                                event.execution().ifPresent(job -> System.out.println("next job: " + job.jobId())))
                        .subscriptionStatusListener(status -> {
                            if (status.type() == SubscriptionStatusEventType.SUBSCRIPTION_HALTED) {
                                System.err.println(
                                        "stream halted: " + status.error().orElse(null));
                            }
                        })
                        .deserializationFailureListener(failure -> System.err.println(failure.getMessage()))
                        .build());
        stream.open().join();
        return stream;
    }

    /** "V2: errors". */
    static void v2Errors(IotJobsClientV2 jobs, String jobId) {
        try {
            jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                            .thingName("MyDevice")
                            .jobId(jobId)
                            .status(JobStatus.IN_PROGRESS)
                            .expectedVersion(3)
                            .build())
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof V2ServiceException rejected) {
                rejected.modeledError()
                        .filter(error -> error.code() == RejectedErrorCode.VERSION_MISMATCH)
                        .ifPresent(error -> System.err.println("someone else updated it: " + error.message()));
            } else if (e.getCause() instanceof JobsTimeoutException timeout) {
                System.err.println("no reply within " + timeout.timeout());
            } else if (e.getCause() instanceof JobsTransportException transport) {
                System.err.println("not sent or not acknowledged: " + transport.getMessage()
                        + (transport.isLikelyPolicyDenial() ? " (check the AWS IoT policy)" : ""));
            }
        }
    }

    /** "V1: each operation and event". */
    static void v1(MqttConnection connection) {
        IotJobsClient jobs = IotJobsClient.builder(connection)
                .ackTimeout(Duration.ofSeconds(10))
                .build();
        StartNextPendingJobExecutionSubscriptionRequest thing =
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName("MyDevice")
                        .build();
        CompletableFuture.allOf(
                        jobs.subscribeToStartNextPendingJobExecutionAccepted(
                                thing,
                                Qos.AT_LEAST_ONCE,
                                reply -> reply.execution()
                                        .ifPresent(job -> System.out.println("started " + job.jobId()))),
                        jobs.subscribeToStartNextPendingJobExecutionRejected(
                                thing,
                                Qos.AT_LEAST_ONCE,
                                error -> System.err.println(
                                        error.code() + ": " + error.message().orElse(""))),
                        jobs.subscribeToJobExecutionsChangedEvents(
                                JobExecutionsChangedSubscriptionRequest.builder()
                                        .thingName("MyDevice")
                                        .build(),
                                Qos.AT_LEAST_ONCE,
                                event -> System.out.println(
                                        "jobs changed: " + event.jobs().keySet())))
                .join();
        jobs.publishStartNextPendingJobExecution(
                        StartNextPendingJobExecutionRequest.builder()
                                .thingName("MyDevice")
                                .build(),
                        Qos.AT_LEAST_ONCE)
                .join();
    }
}
