package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.V2ServiceException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The V2 job loop (the seed's second usage example) against the embedded broker and the local Jobs service. */
class JobProcessorV2IT {

    private static final AtomicInteger THINGS = new AtomicInteger();
    private static LocalJobs local;

    private MqttConnection connection;
    private IotJobsClientV2 jobs;

    @BeforeAll
    static void startLocalJobs() {
        local = LocalJobs.start();
    }

    @AfterAll
    static void stopLocalJobs() {
        if (local != null) {
            local.close();
        }
    }

    @AfterEach
    void closeDevice() {
        local.faults().reset();
        if (jobs != null) {
            jobs.close();
        }
        if (connection != null) {
            connection.close();
        }
    }

    private JobProcessorV2 processor(String thing, JobHandler handler, RecordingEvents events) {
        connection = local.connectDevice(thing);
        jobs = new IotJobsClientV2(connection);
        return new JobProcessorV2(jobs, thing, handler, events);
    }

    private static String newThing() {
        return "v2-device-" + THINGS.incrementAndGet();
    }

    @Test
    void finishesTheQueueWithTheExpectedStatusesAndStopsWhenIdleIfAsked() throws Exception {
        String thing = newThing();
        List<DemoJobs.DemoJob> demoJobs = TestJobs.queueDemoJobs(local.control(), thing);
        CountingHandler handler = new CountingHandler();
        StopSignal stop = new StopSignal();
        RecordingEvents events = new RecordingEvents().stoppingWhenIdle(stop);

        List<ProcessedJob> finished = processor(thing, handler, events).run(stop);

        List<String> ids = demoJobs.stream().map(DemoJobs.DemoJob::jobId).toList();
        assertThat(finished).extracting(ProcessedJob::jobId).isEqualTo(ids);
        assertThat(handler.runs()).isEqualTo(ids);
        assertThat(events.failures()).isEmpty();
        assertThat(events.waitingCount()).isEqualTo(1);
        for (int i = 0; i < demoJobs.size(); i++) {
            DemoJobs.DemoJob expected = demoJobs.get(i);
            ProcessedJob done = finished.get(i);
            // the reply future's value ...
            assertThat(done.reply().executionState().flatMap(state -> state.status()))
                    .contains(expected.expectedStatus());
            assertThat(done.reply()
                            .executionState()
                            .map(state -> state.versionNumber().orElse(0)))
                    .contains(3L);
            assertThat(done.reply().executionState().flatMap(state -> state.statusDetails()))
                    .contains(done.statusDetails());
            // ... and the service's record
            JobExecutionData execution = local.control()
                    .describeJobExecution(thing, expected.jobId())
                    .orElseThrow();
            assertThat(execution.status()).contains(expected.expectedStatus());
            assertThat(execution.versionNumber()).hasValue(3);
        }
    }

    @Test
    void anIdleProcessorWaitsForNotifyNextAndStopEndsTheWait() throws Exception {
        String thing = newThing();
        StopSignal stop = new StopSignal();
        RecordingEvents events = new RecordingEvents();
        JobProcessorV2 processor = processor(thing, new CountingHandler(), events);
        CompletableFuture<List<ProcessedJob>> running = CompletableFuture.supplyAsync(() -> {
            try {
                return processor.run(stop);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        events.awaitWaiting(1);

        // the loop re-checks only every 5 minutes: only the notify-next event can make it start this job now
        local.control().createJob(TestJobs.firmwareJob(thing + "-announced", "6.0.0", thing));
        events.awaitFinished(1);
        events.awaitWaiting(2);

        stop.stop();
        List<ProcessedJob> finished = running.get(20, TimeUnit.SECONDS);
        assertThat(finished).extracting(ProcessedJob::jobId).containsExactly(thing + "-announced");
        assertThat(finished.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aRejectedUpdateIsReportedWithTheModeledErrorAndTheLoopGoesOn() throws Exception {
        String thing = newThing();
        local.control().createJob(TestJobs.firmwareJob(thing + "-canceled", "7.0.0", thing));
        local.control().createJob(TestJobs.firmwareJob(thing + "-next", "7.0.1", thing));
        // the operator cancels the job (with force) while the device runs it
        CountingHandler handler = new CountingHandler()
                .before(thing + "-canceled", job -> local.control().cancelJobExecution(thing, job.jobId(), true));
        StopSignal stop = new StopSignal();
        RecordingEvents events = new RecordingEvents().stoppingWhenIdle(stop);

        List<ProcessedJob> finished = processor(thing, handler, events).run(stop);

        assertThat(events.failures())
                .singleElement()
                .asString()
                .startsWith("UpdateJobExecution " + thing + "-canceled rejected: "
                        + RejectedErrorCode.INVALID_STATE_TRANSITION.wireName());
        assertThat(finished).extracting(ProcessedJob::jobId).containsExactly(thing + "-next");
        assertThat(local.control()
                        .describeJobExecution(thing, thing + "-canceled")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.CANCELED);
        assertThat(local.control()
                        .describeJobExecution(thing, thing + "-next")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.SUCCEEDED);
    }

    @Test
    void retryableRejectionsAreRetriedAndTheQueueStillFinishes() throws Exception {
        String thing = newThing();
        List<DemoJobs.DemoJob> demoJobs = TestJobs.queueDemoJobs(local.control(), thing);
        local.faults().failNextRequests(2); // InternalError: "retry"
        StopSignal stop = new StopSignal();
        RecordingEvents events = new RecordingEvents().stoppingWhenIdle(stop);

        List<ProcessedJob> finished =
                processor(thing, new CountingHandler(), events).run(stop);

        assertThat(events.failures())
                .hasSize(2)
                .allSatisfy(failure -> assertThat(failure).contains("rejected: InternalError"));
        assertThat(finished)
                .extracting(ProcessedJob::status)
                .isEqualTo(
                        demoJobs.stream().map(DemoJobs.DemoJob::expectedStatus).toList());
    }

    @Test
    void aFailureNoRetryCanFixEndsTheRunWithTheV2ServiceException() throws Exception {
        String thing = newThing();
        StopSignal stop = new StopSignal();
        RecordingEvents events = new RecordingEvents();
        JobProcessorV2 processor = processor(thing, new CountingHandler(), events);
        jobs.close(); // every request now fails with a client-closed cause

        assertThatThrownBy(() -> processor.run(stop))
                .isInstanceOf(V2ServiceException.class)
                .satisfies(
                        e -> assertThat(((V2ServiceException) e).modeledError()).isEmpty())
                .hasCauseInstanceOf(JobsClientClosedException.class);
    }
}
