package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.SubscriptionStatusEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event monitor (the seed's third usage example): the notify and notify-next events of a create → start →
 * succeed → next sequence, as the protocol's reference sequence says, and the printed lines.
 */
class JobMonitorIT {

    private static final String THING = "monitored-device";
    private static LocalJobs local;

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

    /** Queues everything the monitor hears, per kind. */
    private static final class Recorder implements JobMonitor.Listener {
        final BlockingQueue<JobExecutionsChangedEvent> notify = new LinkedBlockingQueue<>();
        final BlockingQueue<NextJobExecutionChangedEvent> notifyNext = new LinkedBlockingQueue<>();
        final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
        final BlockingQueue<JobsDecodeException> decodeFailures = new LinkedBlockingQueue<>();
        final JobMonitor.Listener printer;

        Recorder(JobMonitor.Listener printer) {
            this.printer = printer;
        }

        @Override
        public void jobExecutionsChanged(JobExecutionsChangedEvent event) {
            printer.jobExecutionsChanged(event);
            notify.add(event);
        }

        @Override
        public void nextJobExecutionChanged(NextJobExecutionChangedEvent event) {
            printer.nextJobExecutionChanged(event);
            notifyNext.add(event);
        }

        @Override
        public void subscriptionStatusChanged(String stream, SubscriptionStatusEvent status) {
            printer.subscriptionStatusChanged(stream, status);
            statuses.add(stream + " " + status.type());
        }

        @Override
        public void deserializationFailed(String stream, JobsDecodeException failure) {
            decodeFailures.add(failure);
        }

        JobExecutionsChangedEvent nextNotify() throws InterruptedException {
            JobExecutionsChangedEvent event = notify.poll(20, TimeUnit.SECONDS);
            assertThat(event).as("a notify event").isNotNull();
            return event;
        }

        NextJobExecutionChangedEvent nextNotifyNext() throws InterruptedException {
            NextJobExecutionChangedEvent event = notifyNext.poll(20, TimeUnit.SECONDS);
            assertThat(event).as("a notify-next event").isNotNull();
            return event;
        }
    }

    @Test
    void seesTheNotifyAndNotifyNextEventsOfCreateStartSucceedNext() throws Exception {
        StringWriter printed = new StringWriter();
        Recorder recorder = new Recorder(new MonitorPrinter(new PrintWriter(printed, true), System.nanoTime()));
        try (MqttConnection monitorConnection = local.connectDevice(THING + "-monitor");
                IotJobsClientV2 monitorClient = new IotJobsClientV2(monitorConnection);
                JobMonitor monitor = new JobMonitor(monitorClient, THING, recorder);
                MqttConnection deviceConnection = local.connectDevice(THING);
                IotJobsClientV2 device = new IotJobsClientV2(deviceConnection)) {
            monitor.open();
            assertThat(List.of(
                            recorder.statuses.poll(20, TimeUnit.SECONDS), recorder.statuses.poll(20, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(
                            "notify SUBSCRIPTION_ESTABLISHED", "notify-next SUBSCRIPTION_ESTABLISHED");

            // 1. job A queued: notify {QUEUED: [A]} and notify-next A
            local.control().createJob(TestJobs.firmwareJob("job-a", "8.0.0", THING));
            assertThat(pending(recorder.nextNotify())).isEqualTo(Map.of(JobStatus.QUEUED, List.of("job-a")));
            NextJobExecutionChangedEvent nextIsA = recorder.nextNotifyNext();
            assertThat(nextIsA.execution().map(JobExecutionData::jobId)).contains("job-a");
            assertThat(nextIsA.execution().flatMap(JobExecutionData::status)).contains(JobStatus.QUEUED);
            assertThat(nextIsA.execution()
                            .flatMap(JobExecutionData::jobDocument)
                            .flatMap(document -> document.getString("operation")))
                    .contains("firmware_update");

            // 2. job B queued: notify {QUEUED: [A, B]}; the next job is still A, so no notify-next
            local.control().createJob(TestJobs.firmwareJob("job-b", "8.0.1", THING));
            assertThat(pending(recorder.nextNotify())).isEqualTo(Map.of(JobStatus.QUEUED, List.of("job-a", "job-b")));

            // 3. the device starts A: no event at all
            device.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                            .thingName(THING)
                            .build())
                    .get(20, TimeUnit.SECONDS);

            // 4. A succeeds: notify {QUEUED: [B]} and notify-next B
            succeed(device, "job-a");
            assertThat(pending(recorder.nextNotify())).isEqualTo(Map.of(JobStatus.QUEUED, List.of("job-b")));
            assertThat(recorder.nextNotifyNext().execution().map(JobExecutionData::jobId))
                    .as("the next notify-next after A's: B (none came for B's creation or A's start)")
                    .contains("job-b");

            // 5. B succeeds straight from QUEUED: nothing pending on either stream
            succeed(device, "job-b");
            assertThat(pending(recorder.nextNotify())).isEmpty();
            assertThat(recorder.nextNotifyNext().execution()).isEmpty();

            assertThat(recorder.notify).as("no other notify event").isEmpty();
            assertThat(recorder.notifyNext).as("no other notify-next event").isEmpty();
            assertThat(recorder.decodeFailures).isEmpty();
        }
        assertThat(printed.toString())
                .contains("notify-next  next: job-a (QUEUED, v1, firmware_update)")
                .contains("notify       pending: QUEUED job-a v1, job-b v1")
                .contains("notify       nothing pending")
                .contains("notify-next  nothing pending");
    }

    private static void succeed(IotJobsClientV2 device, String jobId) throws Exception {
        device.updateJobExecution(UpdateJobExecutionRequest.builder()
                        .thingName(THING)
                        .jobId(jobId)
                        .status(JobStatus.SUCCEEDED)
                        .build())
                .get(20, TimeUnit.SECONDS);
    }

    /** The pending set of a notify event, as job ids per status. */
    private static Map<JobStatus, List<String>> pending(JobExecutionsChangedEvent event) {
        Map<JobStatus, List<String>> ids = new TreeMap<>();
        event.jobs().forEach((status, jobs) -> {
            if (!jobs.isEmpty()) {
                ids.put(status, jobs.stream().map(JobExecutionSummary::jobId).toList());
            }
        });
        return ids;
    }
}
