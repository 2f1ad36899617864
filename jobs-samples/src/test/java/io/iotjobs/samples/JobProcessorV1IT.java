package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The V1 job loop (the seed's first usage example) against the embedded broker and the local Jobs service. */
class JobProcessorV1IT {

    private static final AtomicInteger THINGS = new AtomicInteger();
    private static LocalJobs local;

    private MqttConnection connection;
    private IotJobsClient jobs;
    private JobProcessorV1 processor;

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
        if (processor != null) {
            processor.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (connection != null) {
            connection.close();
        }
    }

    private static String newThing() {
        return "v1-device-" + THINGS.incrementAndGet();
    }

    private JobProcessorV1 startProcessor(String thing, JobHandler handler, RecordingEvents events) {
        connection = local.connectDevice(thing);
        jobs = new IotJobsClient(connection);
        processor = new JobProcessorV1(jobs, thing, handler, events);
        processor.start();
        return processor;
    }

    @Test
    void finishesTheQueueOneJobAtATimeWithTheExpectedStatuses() throws Exception {
        String thing = newThing();
        List<DemoJobs.DemoJob> demoJobs = TestJobs.queueDemoJobs(local.control(), thing);
        CountingHandler handler = new CountingHandler();
        RecordingEvents events = new RecordingEvents();

        startProcessor(thing, handler, events);
        events.awaitWaiting(1);

        List<String> ids = demoJobs.stream().map(DemoJobs.DemoJob::jobId).toList();
        assertThat(handler.runs()).as("each job ran once, in queue order").isEqualTo(ids);
        assertThat(handler.mostAtOnce()).as("jobs running at the same time").isEqualTo(1);
        assertThat(events.failures()).isEmpty();

        List<ProcessedJob> finished = events.finished();
        assertThat(finished).extracting(ProcessedJob::jobId).isEqualTo(ids);
        for (int i = 0; i < demoJobs.size(); i++) {
            DemoJobs.DemoJob expected = demoJobs.get(i);
            ProcessedJob done = finished.get(i);
            // what the device was told by the accepted reply ...
            assertThat(done.status()).isEqualTo(expected.expectedStatus());
            assertThat(done.reply().executionState().flatMap(state -> state.status()))
                    .contains(expected.expectedStatus());
            assertThat(done.versionNumber())
                    .as("QUEUED v1, StartNext v2, final update v3")
                    .isEqualTo(3);
            // ... and what the service holds
            JobExecutionData execution = local.control()
                    .describeJobExecution(thing, expected.jobId())
                    .orElseThrow();
            assertThat(execution.status()).contains(expected.expectedStatus());
            assertThat(execution.statusDetails()).contains(done.statusDetails());
        }
        assertThat(finished.get(2).statusDetails()).containsEntry("reason", "unknown operation \"calibrate_sensors\"");
        assertThat(finished.get(3).statusDetails().get("reason")).contains("factory_reset is refused");
        assertThat(local.control().listJobExecutionsForThing(thing))
                .allSatisfy(
                        execution -> assertThat(execution.status().orElseThrow().isTerminal())
                                .isTrue());
    }

    @Test
    void aJobQueuedWhileBusyRunsAfterTheCurrentOneAndAnIdleProcessorStartsAnAnnouncedJob() throws Exception {
        String thing = newThing();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountingHandler handler = new CountingHandler().before(thing + "-first", job -> {
            firstRunning.countDown();
            await(release);
        });
        RecordingEvents events = new RecordingEvents();
        startProcessor(thing, handler, events);
        events.awaitWaiting(1); // nothing queued yet

        // idle: only notify-next can tell the processor about this job
        local.control().createJob(TestJobs.firmwareJob(thing + "-first", "3.0.0", thing));
        assertThat(firstRunning.await(20, TimeUnit.SECONDS))
                .as("the announced job started")
                .isTrue();
        // busy: queued behind the running job (no notify-next: the next job is still the running one)
        local.control().createJob(TestJobs.firmwareJob(thing + "-second", "3.0.1", thing));
        release.countDown();

        events.awaitFinished(2);
        events.awaitWaiting(2);
        assertThat(handler.runs()).containsExactly(thing + "-first", thing + "-second");
        assertThat(handler.mostAtOnce()).isEqualTo(1);
        assertThat(local.control()
                        .describeJobExecution(thing, thing + "-second")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.SUCCEEDED);
    }

    @Test
    void repliesToAnotherClientOnTheSameConnectionAreNotTakenForItsOwn() throws Exception {
        String thing = newThing();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountingHandler handler = new CountingHandler().before(thing + "-shared", job -> {
            running.countDown();
            await(release);
        });
        local.control().createJob(TestJobs.firmwareJob(thing + "-shared", "4.0.0", thing));
        RecordingEvents events = new RecordingEvents();
        startProcessor(thing, handler, events);
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

        // a V2 client on the same connection asks StartNext too: its accepted reply (the same job, IN_PROGRESS)
        // reaches the V1 subscription as well, with the V2 client's token
        AtomicReference<StartNextJobExecutionResponse> v2Reply = new AtomicReference<>();
        try (IotJobsClientV2 v2 = new IotJobsClientV2(connection)) {
            v2Reply.set(v2.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                            .thingName(thing)
                            .build())
                    .get(20, TimeUnit.SECONDS));
        }
        assertThat(v2Reply.get().execution().map(JobExecutionData::jobId)).contains(thing + "-shared");
        release.countDown();

        events.awaitFinished(1);
        events.awaitWaiting(1); // StartNext's empty reply comes after the V2 reply on the same subscription
        assertThat(handler.runs())
                .as("the job ran once, not again for the V2 client's reply")
                .containsExactly(thing + "-shared");
        assertThat(events.failures()).isEmpty();
    }

    @Test
    void duplicatedNotifyNextEventsStartNoJobTwice() throws Exception {
        String thing = newThing();
        CountingHandler handler = new CountingHandler();
        RecordingEvents events = new RecordingEvents();
        local.faults().duplicateEvents(true);
        try {
            startProcessor(thing, handler, events);
            events.awaitWaiting(1);
            List<DemoJobs.DemoJob> demoJobs = TestJobs.queueDemoJobs(local.control(), thing);
            events.awaitFinished(demoJobs.size());
            events.awaitWaiting(2);
            assertThat(handler.runs())
                    .isEqualTo(demoJobs.stream().map(DemoJobs.DemoJob::jobId).toList());
            assertThat(handler.mostAtOnce()).isEqualTo(1);
        } finally {
            local.faults().reset();
        }
    }

    @Test
    void afterCloseNoJobIsStarted() throws Exception {
        String thing = newThing();
        CountingHandler handler = new CountingHandler();
        RecordingEvents events = new RecordingEvents();
        startProcessor(thing, handler, events);
        events.awaitWaiting(1);
        processor.close();

        local.control().createJob(TestJobs.firmwareJob(thing + "-late", "5.0.0", thing));
        // a second processor on its own connection takes the job: the closed one must have left it alone
        RecordingEvents otherEvents = new RecordingEvents();
        try (MqttConnection other = local.connectDevice(thing + "-other");
                IotJobsClient otherJobs = new IotJobsClient(other);
                JobProcessorV1 otherProcessor =
                        new JobProcessorV1(otherJobs, thing, new SimulatedDevice(Duration.ZERO), otherEvents)) {
            otherProcessor.start();
            otherEvents.awaitFinished(1);
        }
        assertThat(handler.runs()).isEmpty();
        assertThat(otherEvents.finished()).extracting(ProcessedJob::jobId).containsExactly(thing + "-late");
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS))
                    .as("released by the test")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
