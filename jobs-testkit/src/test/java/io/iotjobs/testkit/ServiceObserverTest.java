package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.internal.testkit.ExecutionTimeline;
import io.iotjobs.internal.testkit.JobRefusals;
import io.iotjobs.internal.testkit.ServiceObserver;
import io.iotjobs.model.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the web console reads from inside the service: the traffic and change hints its observers get, each
 * execution's timeline, and what the job actions would meet (the same checks as the calls themselves).
 */
class ServiceObserverTest extends ServiceTestBase {

    /** Everything an observer was told, as text, in order. */
    private static final class Recording implements ServiceObserver {
        final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void traffic(Instant time, Direction direction, String topic, byte[] payload, String note) {
            seen.add(direction + " " + topic + (note == null ? "" : " (" + note + ")"));
        }

        @Override
        public synchronized void changed(Scope scope, String name) {
            seen.add("changed " + scope + " " + name);
        }

        synchronized List<String> take() {
            List<String> copy = List.copyOf(seen);
            seen.clear();
            return copy;
        }
    }

    private Recording observe() {
        Recording recording = new Recording();
        service.engine().observe(recording);
        return recording;
    }

    /** A device with a job queued for it, and its events received. */
    private RawDevice deviceWithAJob() {
        RawDevice device = device("dev-1");
        createJob("j1", "dev-1");
        device.expect("notify");
        device.expect("notify-next");
        return device;
    }

    @Test
    void anObserverSeesEachRequestBeforeItsReplyAndEventsAndAHintPerChange() {
        RawDevice device = deviceWithAJob();
        Recording recording = observe();

        device.request("start-next", "{'clientToken':'t1'}");
        device.assertQuiet(); // its GetPending is served after everything of the StartNext

        List<String> seen = recording.take();
        assertThat(seen)
                .startsWith("IN $aws/things/dev-1/jobs/start-next", "OUT $aws/things/dev-1/jobs/start-next/accepted");
        assertThat(seen)
                .containsSubsequence(
                        "OUT $aws/things/dev-1/jobs/start-next/accepted",
                        "changed THING dev-1",
                        "IN $aws/things/dev-1/jobs/get",
                        "OUT $aws/things/dev-1/jobs/get/accepted");
        assertThat(seen).filteredOn(line -> line.startsWith("changed")).containsExactly("changed THING dev-1");
    }

    @Test
    void aReadChangesNothingSoItGivesNoHint() {
        RawDevice device = deviceWithAJob();
        Recording recording = observe();

        device.request("get", "{}");
        device.request("j1/get", "{}");

        assertThat(recording.take())
                .containsExactly(
                        "IN $aws/things/dev-1/jobs/get",
                        "OUT $aws/things/dev-1/jobs/get/accepted",
                        "IN $aws/things/dev-1/jobs/j1/get",
                        "OUT $aws/things/dev-1/jobs/j1/get/accepted");
    }

    @Test
    void controlCallsRegistryAndFaultsGiveHintsOfTheirOwn() {
        Recording recording = observe();

        createJob("j1", "dev-1");
        service.registry().createThing("dev-2");
        service.faults().loseNextRequests(1);

        assertThat(recording.take())
                .contains("changed THING dev-1", "changed JOB j1", "changed REGISTRY dev-2", "changed FAULTS null");
    }

    @Test
    void whatFaultInjectionDidIsNoted() {
        RawDevice device = device("dev-1");
        Recording recording = observe();
        service.faults().loseNextRequests(1).dropNextReplies(1);
        recording.take();

        device.publish("get", "{}");
        device.publish("get", "{}");
        device.assertQuiet();

        // the marker request of assertQuiet follows
        assertThat(recording.take())
                .startsWith(
                        "changed FAULTS null",
                        "IN $aws/things/dev-1/jobs/get (lost by fault injection: not processed, not answered)",
                        "IN $aws/things/dev-1/jobs/get",
                        "changed FAULTS null",
                        "OUT $aws/things/dev-1/jobs/get/accepted (dropped by fault injection: not published)",
                        "IN $aws/things/dev-1/jobs/get");
    }

    @Test
    void theTimelineHasEveryStatusChangeWithVersionAndDetails() {
        RawDevice device = device("dev-1");
        createJob("j1", "dev-1");
        device.request("start-next", "{\"statusDetails\":{\"step\":\"download\"}}");
        advanceSeconds(5);
        device.request("j1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"step\":\"install\"}}");
        control().cancelJobExecution("dev-1", "j1", true);

        ExecutionTimeline.View timeline = service.engine()
                .control()
                .executions()
                .timeline("dev-1", "j1", 1)
                .orElseThrow();

        assertThat(timeline.omitted()).isZero();
        assertThat(timeline.entries())
                .extracting(ExecutionTimeline.Entry::status)
                .containsExactly(JobStatus.QUEUED, JobStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, JobStatus.CANCELED);
        assertThat(timeline.entries())
                .extracting(ExecutionTimeline.Entry::versionNumber)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(timeline.entries())
                .extracting(e -> e.statusDetails().orElse(Map.of()))
                .containsExactly(
                        Map.of(), Map.of("step", "download"), Map.of("step", "install"), Map.of("step", "install"));
        assertThat(timeline.entries().get(2).at()).isEqualTo(clock.now());
        assertThat(service.engine().control().executions().timeline("dev-1", "j1", 2))
                .isEmpty();
    }

    @Test
    void aLongTimelineKeepsTheFirstAndTheLatestChangesAndCountsTheRest() {
        RawDevice device = device("dev-1");
        createJob("j1", "dev-1");
        device.request("start-next", "{}");
        for (int i = 1; i <= 200; i++) {
            device.request("j1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"n\":\"" + i + "\"}}");
        }
        device.request("j1/update", "{\"status\":\"SUCCEEDED\"}");

        ExecutionTimeline.View timeline = service.engine()
                .control()
                .executions()
                .timeline("dev-1", "j1", 1)
                .orElseThrow();

        // 203 changes: QUEUED, the start, 200 updates, SUCCEEDED
        assertThat(timeline.entries()).hasSize(50);
        assertThat(timeline.omitted()).isEqualTo(203 - 50);
        assertThat(timeline.entries().get(0).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(timeline.entries().get(49).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(timeline.entries().get(49).versionNumber()).isEqualTo(203);
    }

    @Test
    void theRefusalsAreTheMessagesTheCallsThrow() {
        RawDevice device = device("dev-1");
        createJob("j1", "dev-1");

        JobRefusals pending = refusals("j1");
        assertThat(pending.cancel()).isEmpty();
        assertThat(pending.forceDelete()).isEmpty();
        assertThatThrownBy(() -> control().deleteJob("j1", false))
                .hasMessage(pending.delete().orElseThrow());

        device.request("start-next", "{}");
        device.request("j1/update", "{\"status\":\"SUCCEEDED\"}");
        JobRefusals completed = refusals("j1");

        assertThat(completed.delete()).isEmpty();
        assertThatThrownBy(() -> control().cancelJob("j1", false))
                .hasMessage(completed.cancel().orElseThrow());
        assertThatThrownBy(() -> control().cancelJob("j1", true))
                .hasMessage(completed.forceCancel().orElseThrow());
        control().deleteJob("j1", false);
        assertThat(service.engine().control().refusals("j1")).isEmpty();
    }

    @Test
    void aCanceledJobMayBeCanceledAgainWithForce() {
        createJob("j1", "dev-1");
        control().cancelJob("j1", false);

        assertThat(refusals("j1").forceCancel()).isEmpty();
        control().cancelJob("j1", true);
        assertThat(control().describeJob("j1").orElseThrow().forceCanceled()).isTrue();
    }

    private JobRefusals refusals(String jobId) {
        Optional<JobRefusals> found = service.engine().control().refusals(jobId);
        assertThat(found).isPresent();
        return found.get();
    }
}
