package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Step timers and in-progress timers, driven by the test clock. */
class TimersTest extends ServiceTestBase {

    private RawDevice dev;

    @BeforeEach
    void setUp() {
        dev = device("dev-1");
    }

    private void job(String jobId, Duration inProgressTimeout) {
        control().createJob(jobId, doc(jobId), List.of("dev-1"), Optional.ofNullable(inProgressTimeout));
        dev.expectAnyOrder("notify", "notify-next");
    }

    private void advanceTo(long epochSecond) {
        clock.set(java.time.Instant.ofEpochSecond(epochSecond));
    }

    private JobExecutionData execution(String jobId) {
        return control().describeJobExecution("dev-1", jobId).orElseThrow();
    }

    /** Expects the time-out events of the only pending execution. */
    private void expectEmptiedAt(long epochSecond) {
        Map<String, JsonNode> events = dev.expectAnyOrder("notify", "notify-next");
        assertThat(events.get("notify")).isEqualTo(json("{'timestamp':" + epochSecond + ",'jobs':{}}"));
        assertThat(events.get("notify-next")).isEqualTo(json("{'timestamp':" + epochSecond + "}"));
    }

    private long secondsLeftOnTheWire(String jobId) {
        dev.publish(jobId + "/get", "{}");
        JsonNode execution = dev.expect(jobId + "/get/accepted").path("execution");
        return execution.has("approximateSecondsBeforeTimedOut")
                ? execution.path("approximateSecondsBeforeTimedOut").asLong()
                : -1;
    }

    @Test
    void stepTimeoutTimesTheExecutionOut() {
        job("a", null);
        dev.request("start-next", "{'stepTimeoutInMinutes':10}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(600);
        advanceTo(T0 + 599);
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(1);
        dev.assertQuiet();
        advanceTo(T0 + 600);
        expectEmptiedAt(T0 + 600);
        dev.assertQuiet();
        JobExecutionData a = execution("a");
        assertThat(a.status()).contains(JobStatus.TIMED_OUT);
        assertThat(a.versionNumber()).hasValue(3);
        assertThat(a.lastUpdatedAt()).contains(java.time.Instant.ofEpochSecond(T0 + 600));
        assertThat(a.approximateSecondsBeforeTimedOut()).isEmpty();
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(-1);
        // the device's late update is refused
        RawDevice.Message late = dev.request("a/update", "{'status':'SUCCEEDED'}");
        assertThat(late.suffix).isEqualTo("a/update/rejected");
        assertThat(late.json.path("code").asText()).isEqualTo("InvalidStateTransition");
        assertThat(late.json.path("executionState").path("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void aNewStepTimeoutReplacesTheOldOneFromNow() {
        job("a", null);
        dev.request("start-next", "{'stepTimeoutInMinutes':7}");
        advanceTo(T0 + 300);
        dev.request("a/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':5}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(300);
        advanceTo(T0 + 7 * 60);
        dev.assertQuiet();
        assertThat(execution("a").status()).contains(JobStatus.IN_PROGRESS);
        advanceTo(T0 + 600 - 1);
        dev.assertQuiet();
        advanceTo(T0 + 600);
        expectEmptiedAt(T0 + 600);
    }

    @Test
    void anUpdateWithoutStepTimeoutKeepsTheDeadline() {
        job("a", null);
        dev.request("start-next", "{'stepTimeoutInMinutes':10}");
        advanceTo(T0 + 300);
        dev.request("a/update", "{'status':'IN_PROGRESS','statusDetails':{'p':'50'}}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(300);
        advanceTo(T0 + 600);
        expectEmptiedAt(T0 + 600);
    }

    @Test
    void minusOneCancelsTheStepTimer() {
        job("a", null);
        dev.request("start-next", "{'stepTimeoutInMinutes':10}");
        assertThat(clock.pendingTasks()).isEqualTo(1);
        advanceTo(T0 + 60);
        assertThat(dev.request("a/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':-1}").suffix)
                .isEqualTo("a/update/accepted");
        assertThat(clock.pendingTasks()).isZero();
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(-1);
        clock.advance(Duration.ofDays(30));
        dev.assertQuiet();
        assertThat(execution("a").status()).contains(JobStatus.IN_PROGRESS);
        // -1 without a running timer is accepted too
        assertThat(dev.request("a/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':-1}").suffix)
                .isEqualTo("a/update/accepted");
    }

    @Test
    void inProgressTimeoutCountsFromTheStart() {
        job("a", Duration.ofMinutes(30));
        advanceTo(T0 + 3600);
        dev.assertQuiet();
        assertThat(secondsLeftOnTheWire("a")).as("no timer while QUEUED").isEqualTo(-1);
        long started = now();
        dev.request("a/update", "{'status':'IN_PROGRESS'}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(1800);
        advanceTo(started + 1799);
        dev.assertQuiet();
        advanceTo(started + 1800);
        expectEmptiedAt(started + 1800);
        assertThat(execution("a").status()).contains(JobStatus.TIMED_OUT);
    }

    @Test
    void theStepTimerIsCappedByTheInProgressTimer() {
        job("a", Duration.ofMinutes(10));
        dev.request("start-next", "{'stepTimeoutInMinutes':30}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(600);
        advanceTo(T0 + 500);
        // a shorter step timer wins over the in-progress timer
        dev.request("a/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':1}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(60);
        // a longer one does not extend past the in-progress deadline
        dev.request("a/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':20}");
        assertThat(secondsLeftOnTheWire("a")).isEqualTo(100);
        advanceTo(T0 + 599);
        dev.assertQuiet();
        advanceTo(T0 + 600);
        expectEmptiedAt(T0 + 600);
    }

    @Test
    void approximateSecondsBeforeTimedOutCountsDown() {
        job("a", null);
        dev.request("start-next", "{'stepTimeoutInMinutes':25}");
        for (long left = 1500; left > 0; left -= 300) {
            assertThat(secondsLeftOnTheWire("a")).isEqualTo(left);
            assertThat(execution("a").approximateSecondsBeforeTimedOut()).hasValue(left);
            advanceSeconds(300);
        }
        expectEmptiedAt(T0 + 1500);
    }

    @Test
    void aTerminalUpdateStopsTheTimers() {
        job("a", Duration.ofMinutes(10));
        dev.request("start-next", "{'stepTimeoutInMinutes':5}");
        assertThat(clock.pendingTasks()).isEqualTo(1);
        dev.publish("a/update", "{'status':'SUCCEEDED'}");
        dev.expectAnyOrder("a/update/accepted", "notify", "notify-next");
        assertThat(clock.pendingTasks()).isZero();
        clock.advance(Duration.ofHours(1));
        dev.assertQuiet();
        assertThat(execution("a").status()).contains(JobStatus.SUCCEEDED);
    }

    @Test
    void aTimeoutOfTheHeadMovesNextToTheFollowingExecution() {
        job("a", null);
        advanceSeconds(1);
        control().createJob("b", doc("b"), List.of("dev-1"), Optional.empty());
        dev.expect("notify");
        dev.request("start-next", "{'stepTimeoutInMinutes':1}");
        advanceTo(T0 + 61);
        Map<String, JsonNode> events = dev.expectAnyOrder("notify", "notify-next");
        assertThat(events.get("notify"))
                .isEqualTo(json("{'timestamp':" + (T0 + 61) + ",'jobs':{'QUEUED':[{"
                        + "'jobId':'b','queuedAt':" + (T0 + 1) + ",'lastUpdatedAt':" + (T0 + 1)
                        + ",'executionNumber':1,'versionNumber':1}]}}"));
        assertThat(events.get("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("b");
    }

    @Test
    void closingTheServiceCancelsItsTimers() {
        job("a", Duration.ofMinutes(10));
        dev.request("start-next", "{'stepTimeoutInMinutes':5}");
        assertThat(clock.pendingTasks()).isEqualTo(1);
        service.close();
        assertThat(clock.pendingTasks()).isZero();
    }
}
