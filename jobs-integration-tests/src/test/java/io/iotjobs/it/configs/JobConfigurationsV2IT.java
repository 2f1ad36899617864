package io.iotjobs.it.configs;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsExtension;
import io.iotjobs.testkit.RetryConfig;
import io.iotjobs.testkit.RolloutConfig;
import io.iotjobs.testkit.SchedulingConfig;
import io.iotjobs.testkit.ThingRegistry;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local service's job configurations as the SDK's V2 client sees them, on the test clock. */
class JobConfigurationsV2IT {

    @RegisterExtension
    static LocalJobsExtension jobs = LocalJobsExtension.create();

    private static Optional<JobExecutionData> startNext(IotJobsClientV2 client, String thing) throws Exception {
        return client.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                        .thingName(thing)
                        .build())
                .get(10, TimeUnit.SECONDS)
                .execution();
    }

    @Test
    void aRetriedExecutionIsTheNextOneTheClientStarts() throws Exception {
        String thing = jobs.uniqueThingName("v2-retry");
        jobs.control()
                .createJob(JobSpec.builder("retried")
                        .targets(thing)
                        .retryConfig(RetryConfig.of(RetryConfig.FailureType.FAILED, 1))
                        .build());
        try (IotJobsClientV2 client = new IotJobsClientV2(jobs.newConnection(thing))) {
            assertThat(startNext(client, thing).orElseThrow().executionNumber()).hasValue(1);
            client.updateJobExecution(UpdateJobExecutionRequest.builder()
                            .thingName(thing)
                            .jobId("retried")
                            .status(JobStatus.FAILED)
                            .build())
                    .get(10, TimeUnit.SECONDS);

            JobExecutionData retry = startNext(client, thing).orElseThrow();

            assertThat(retry.jobId()).isEqualTo("retried");
            assertThat(retry.executionNumber()).hasValue(2);
            assertThat(retry.status()).contains(JobStatus.IN_PROGRESS);
        }
    }

    @Test
    void aScheduledRolledOutJobReachesTheClientWhenTheClockAllows() throws Exception {
        String first = jobs.uniqueThingName("v2-roll");
        String second = jobs.uniqueThingName("v2-roll");
        jobs.control()
                .createJob(JobSpec.builder("rolled")
                        .targets(first, second)
                        .rolloutConfig(RolloutConfig.perMinute(1))
                        .schedulingConfig(SchedulingConfig.startingAt(
                                jobs.clock().instant().plus(Duration.ofMinutes(30))))
                        .build());
        try (IotJobsClientV2 client = new IotJobsClientV2(jobs.newConnection(second))) {
            assertThat(startNext(client, second)).as("scheduled").isEmpty();
            jobs.clock().advance(Duration.ofMinutes(30));
            assertThat(startNext(client, second))
                    .as("first minute: the first thing only")
                    .isEmpty();

            jobs.clock().advance(Duration.ofMinutes(1));

            assertThat(startNext(client, second).orElseThrow().jobId()).isEqualTo("rolled");
        }
    }

    @Test
    void aThingJoiningAContinuousJobsGroupIsNotifiedOnItsStream() throws Exception {
        String thing = jobs.uniqueThingName("v2-group");
        ThingRegistry registry = jobs.registry();
        registry.createThingGroup("v2-fleet");
        registry.createThing(thing);
        jobs.control()
                .createJob(JobSpec.builder("continuous")
                        .targetGroups("v2-fleet")
                        .targetSelection(JobSpec.TargetSelection.CONTINUOUS)
                        .build());
        BlockingQueue<JobExecutionsChangedEvent> events = new LinkedBlockingQueue<>();
        try (IotJobsClientV2 client = new IotJobsClientV2(jobs.newConnection(thing));
                StreamingOperation stream = client.createJobExecutionsChangedStream(
                        JobExecutionsChangedSubscriptionRequest.builder()
                                .thingName(thing)
                                .build(),
                        ServiceStreamOptions.of(events::add))) {
            stream.open().get(10, TimeUnit.SECONDS);

            registry.addThingToThingGroup(thing, "v2-fleet");

            JobExecutionsChangedEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.jobs().get(JobStatus.QUEUED))
                    .extracting(s -> s.jobId())
                    .containsExactly("continuous");
        }
    }
}
