package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.v2.IotJobsClientV2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop itself: start, run, report, next; handler selection; order and single flight. */
class JobsAgentIT extends AgentITBase {

    /** A typed job document. */
    public static final class Install {
        public String operation;
        public String version;
        public int retries;
    }

    @Test
    void runsTheMatchingHandlerAndReportsItsResultWithTheOutputTail() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber updates = witness(updateRequests());
        List<Install> seen = Collections.synchronizedList(new ArrayList<>());
        start(agent(events).on("operation", "install", context -> {
            seen.add(context.document().as(Install.class));
            context.appendOutput("downloading\nverifying\n");
            return JobResult.succeeded(
                    Map.of("installed", context.document().getString("version").orElseThrow()));
        }));

        createJob("install-1", Map.of("operation", "install", "version", "2.4.1", "retries", 3));

        JobOutcome outcome = events.awaitFinished("install-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(outcome.status()).contains(JobStatus.SUCCEEDED);
        assertThat(seen).singleElement().satisfies(install -> {
            assertThat(install.version).isEqualTo("2.4.1");
            assertThat(install.retries).isEqualTo(3);
        });
        JobExecutionData execution = execution("install-1");
        assertThat(execution.status()).contains(JobStatus.SUCCEEDED);
        assertThat(execution.statusDetails().orElseThrow())
                .containsEntry("installed", "2.4.1")
                .containsEntry(JobResult.OUTPUT_KEY, "downloading\u21b5verifying");
        updates.await(
                "the result of install-1",
                1,
                m -> m.jobId().equals("install-1") && m.status().equals("SUCCEEDED"));
        assertThat(updates.messages(m -> m.jobId().equals("install-1")).stream().map(RawSubscriber.Message::status))
                .as("IN_PROGRESS at the start, the result at the end, nothing else")
                .containsExactly("IN_PROGRESS", "SUCCEEDED");
        assertThat(updates.messages().get(0).json().get("stepTimeoutInMinutes")).contains(10);
    }

    @Test
    void rejectsJobsWithoutHandlerAndFailsJobsWhoseHandlerThrows() throws Exception {
        AgentEvents events = new AgentEvents();
        start(agent(events)
                .on("operation", "reboot", context -> JobResult.succeeded())
                .on("operation", "explode", context -> {
                    throw new IllegalStateException("disk full");
                }));

        createJob("format-1", Map.of("operation", "format-disk"));
        events.awaitFinished("format-1");
        createJob("explode-1", Map.of("operation", "explode"));
        events.awaitFinished("explode-1");

        assertThat(execution("format-1").status()).contains(JobStatus.REJECTED);
        assertThat(execution("format-1").statusDetails().orElseThrow())
                .containsEntry("reason", "no handler for this job (operation=\"format-disk\")");
        assertThat(execution("explode-1").status()).contains(JobStatus.FAILED);
        assertThat(execution("explode-1").statusDetails().orElseThrow())
                .containsEntry("reason", "IllegalStateException: disk full");
    }

    @Test
    void jobsQueuedWhileOneRunsRunInOrderAndNeverOverlap() throws Exception {
        AgentEvents events = new AgentEvents();
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        start(agent(events).on("operation", "work", context -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            trace.add("start " + context.jobId());
            try {
                if (context.jobId().equals("job-1")) {
                    firstRunning.countDown();
                    assertThat(releaseFirst.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                            .isTrue();
                }
            } finally {
                trace.add("end " + context.jobId());
                running.decrementAndGet();
            }
            return JobResult.succeeded();
        }));

        createJob("job-1", Map.of("operation", "work"));
        assertThat(firstRunning.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                .isTrue();
        createJob("job-2", Map.of("operation", "work"));
        createJob("job-3", Map.of("operation", "work"));
        // both are queued behind the running job before it is let go
        assertThat(service.control().listJobExecutionsForThing(thing)).hasSize(3);
        releaseFirst.countDown();

        events.awaitFinished("job-3");
        assertThat(trace)
                .containsExactly("start job-1", "end job-1", "start job-2", "end job-2", "start job-3", "end job-3");
        assertThat(mostAtOnce).hasValue(1);
        for (String job : List.of("job-1", "job-2", "job-3")) {
            assertThat(execution(job).status()).as(job).contains(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void anAgentOnAClientOfYoursLeavesTheClientOpenWhenItCloses() throws Exception {
        AgentEvents events = new AgentEvents();
        io.iotjobs.core.MqttConnection connection = connect("device");
        try (IotJobsClientV2 client = new IotJobsClientV2(connection)) {
            JobsAgent agent = start(JobsAgent.builder(client, thing)
                    .connection(connection)
                    .scheduler(scheduler)
                    .checkpointStore(CheckpointStore.inMemory())
                    .listener(events)
                    .on("operation", "work", context -> JobResult.succeeded()));
            createJob("job-1", Map.of("operation", "work"));
            assertThat(events.awaitFinished("job-1").status()).contains(JobStatus.SUCCEEDED);
            assertThat(agent.close(Duration.ofSeconds(5))).isTrue();

            GetPendingJobExecutionsResponse pending = client.getPendingJobExecutions(
                            GetPendingJobExecutionsRequest.builder()
                                    .thingName(thing)
                                    .build())
                    .get(15, TimeUnit.SECONDS);
            assertThat(pending.inProgressJobs()).isEmpty();
        }
    }

    @Test
    void closeIsBoundedEvenWhenTheHandlerIgnoresTheSignal() throws Exception {
        AgentEvents events = new AgentEvents();
        RawSubscriber updates = witness(updateRequests());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobsAgent agent = start(agent(events).on("operation", "work", context -> {
            running.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignoredOnPurpose) {
                    // this handler does not stop when told
                }
            }
            return JobResult.succeeded();
        }));
        createJob("job-1", Map.of("operation", "work"));
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        events.awaitReported("job-1", JobStatus.IN_PROGRESS, 1);

        assertThat(agent.close(Duration.ofMillis(500)))
                .as("closed without the handler")
                .isFalse();
        assertThat(agent.currentJob()).map(JobExecutionData::jobId).contains("job-1");
        release.countDown();

        assertThat(execution("job-1").status()).as("left for the next agent").contains(JobStatus.IN_PROGRESS);
        assertThat(CheckpointStore.inDirectory(checkpoints).load(thing, "job-1", 1))
                .isPresent();
        updates.await("the start of job-1", 1, m -> m.jobId().equals("job-1"));
        assertThat(updates.messages(m -> m.jobId().equals("job-1")).stream().map(RawSubscriber.Message::status))
                .containsExactly("IN_PROGRESS");
        assertThatThrownBy(agent::start).isInstanceOf(IllegalStateException.class);
    }
}
