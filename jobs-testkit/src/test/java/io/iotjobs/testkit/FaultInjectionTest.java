package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault, with the fields of the rejections it produces. */
class FaultInjectionTest extends ServiceTestBase {

    private RawDevice dev;

    @BeforeEach
    void setUp() {
        dev = device("dev-1");
        createJob("a", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
    }

    private FaultInjection faults() {
        return service.faults();
    }

    @Test
    void delayedRepliesWaitForTheClock() {
        faults().delayReplies(Duration.ofSeconds(30));
        dev.publish("a/update", "{'status':'SUCCEEDED','clientToken':'u'}");
        // the change happens at once: its events come first
        dev.expectAnyOrder("notify", "notify-next");
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().status())
                .contains(JobStatus.SUCCEEDED);
        assertThat(clock.pendingTasks()).isEqualTo(1);
        advanceSeconds(29);
        assertThat(clock.pendingTasks()).isEqualTo(1);
        advanceSeconds(1);
        assertThat(dev.expect("a/update/accepted")).isEqualTo(json("{'clientToken':'u','timestamp':" + T0 + "}"));
        // rejections are delayed too
        dev.publish("a/update", "{'status':'SUCCEEDED','clientToken':'v'}");
        awaitPendingTasks(1);
        advanceSeconds(30);
        assertThat(dev.expect("a/update/rejected").path("code").asText()).isEqualTo("InvalidStateTransition");
        faults().reset();
        dev.assertQuiet();
    }

    @Test
    void droppedRepliesStillTakeEffect() {
        faults().dropNextReplies(2);
        dev.publish("start-next", "{'clientToken':'lost-1'}");
        dev.publish("get", "{'clientToken':'lost-2'}");
        dev.publish("get", "{'clientToken':'kept'}");
        assertThat(dev.expect("get/accepted").path("clientToken").asText()).isEqualTo("kept");
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().status())
                .contains(JobStatus.IN_PROGRESS);
        dev.assertQuiet();
    }

    @Test
    void droppedRepliesDoNotDropEvents() {
        faults().dropNextReplies(1);
        dev.publish("a/update", "{'status':'FAILED'}");
        dev.expectAnyOrder("notify", "notify-next");
        dev.assertQuiet();
    }

    @Test
    void lostRequestsChangeNothingAndGetNoReply() {
        faults().loseNextRequests(2);
        dev.publish("start-next", "{'clientToken':'lost-1'}");
        dev.publish("a/update", "{'status':'SUCCEEDED','clientToken':'lost-2'}");
        dev.publish("get", "{'clientToken':'kept'}");
        assertThat(dev.expect("get/accepted").path("clientToken").asText()).isEqualTo("kept");
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().status())
                .contains(JobStatus.QUEUED);
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().versionNumber())
                .hasValue(1);
        dev.assertQuiet();
    }

    @Test
    void lostRequestsDoNotCountTowardsTheRate() {
        faults().throttleAbove(1).loseNextRequests(1);
        dev.publish("get", "{'clientToken':'lost'}");
        dev.publish("get", "{'clientToken':'served'}");
        assertThat(dev.expect("get/accepted").path("clientToken").asText()).isEqualTo("served");
    }

    @Test
    void throttlingCountsAdmittedRequestsPerSecondOfServiceTime() {
        faults().throttleAbove(2);
        dev.publish("get", "{'clientToken':'1'}");
        dev.expect("get/accepted");
        dev.publish("a/get", "{'clientToken':'2'}");
        dev.expect("a/get/accepted");
        dev.publish("a/update", "{'status':'SUCCEEDED','clientToken':'3'}");
        JsonNode throttled = dev.expect("a/update/rejected");
        assertThat(throttled.path("code").asText()).isEqualTo("RequestThrottled");
        assertThat(throttled.path("clientToken").asText()).isEqualTo("3");
        assertThat(throttled.path("timestamp").asLong()).isEqualTo(T0);
        assertThat(throttled.path("message").isTextual()).isTrue();
        assertThat(throttled.has("executionState")).isFalse();
        // not processed
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().status())
                .contains(JobStatus.QUEUED);
        // a malformed request that is throttled has no token to echo
        dev.publishBytes("get", "{oops".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode malformed = dev.expect("get/rejected");
        assertThat(malformed.path("code").asText()).isEqualTo("RequestThrottled");
        assertThat(malformed.has("clientToken")).isFalse();

        advanceSeconds(1);
        assertThat(dev.request("a/update", "{'status':'SUCCEEDED'}").suffix).isEqualTo("a/update/accepted");
        dev.expectAnyOrder("notify", "notify-next");
        faults().throttleAbove(0);
        for (int i = 0; i < 5; i++) {
            dev.assertQuiet();
        }
    }

    @Test
    void failedRequestsGetInternalErrorAndChangeNothing() {
        faults().failNextRequests(2);
        dev.publish("a/update", "{'status':'IN_PROGRESS','clientToken':'f1'}");
        JsonNode failed = dev.expect("a/update/rejected");
        assertThat(failed.path("code").asText()).isEqualTo("InternalError");
        assertThat(failed.path("clientToken").asText()).isEqualTo("f1");
        assertThat(failed.path("timestamp").asLong()).isEqualTo(T0);
        assertThat(failed.path("message").isTextual()).isTrue();
        assertThat(failed.has("executionState")).isFalse();
        dev.publish("start-next", "{}");
        JsonNode second = dev.expect("start-next/rejected");
        assertThat(second.path("code").asText()).isEqualTo("InternalError");
        assertThat(second.has("clientToken")).isFalse();
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().versionNumber())
                .hasValue(1);
        // the third request is served
        assertThat(dev.request("start-next", "{}").suffix).isEqualTo("start-next/accepted");
    }

    @Test
    void eventsCanBeDeliveredTwice() {
        faults().duplicateEvents(true);
        createJob("b", "dev-1");
        JsonNode first = dev.expect("notify");
        assertThat(dev.expect("notify")).isEqualTo(first);
        dev.publish("a/update", "{'status':'SUCCEEDED'}");
        dev.expect("a/update/accepted");
        JsonNode notify = dev.expect("notify");
        assertThat(dev.expect("notify")).isEqualTo(notify);
        JsonNode next = dev.expect("notify-next");
        assertThat(dev.expect("notify-next")).isEqualTo(next);
        assertThat(next.path("execution").path("jobId").asText()).isEqualTo("b");
        dev.assertQuiet();
    }

    @Test
    void resetTurnsEverythingOff() {
        faults().delayReplies(Duration.ofMinutes(1))
                .dropNextReplies(3)
                .throttleAbove(1)
                .failNextRequests(3)
                .loseNextRequests(3)
                .duplicateEvents(true);
        faults().reset();
        for (int i = 0; i < 3; i++) {
            dev.assertQuiet();
        }
        createJob("b", "dev-1");
        dev.expect("notify");
        dev.assertQuiet();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> faults().delayReplies(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delay");
        assertThatThrownBy(() -> faults().dropNextReplies(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults().throttleAbove(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults().failNextRequests(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults().loseNextRequests(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("count");
    }

    @Test
    void closingDropsDelayedReplies() {
        faults().delayReplies(Duration.ofSeconds(5));
        dev.publish("get", "{}");
        dev.publish("a/update", "{'status':'SUCCEEDED'}");
        // events are not delayed: once they are here, both requests were processed
        dev.expectAnyOrder("notify", "notify-next");
        assertThat(clock.pendingTasks()).isEqualTo(2);
        service.close();
        assertThat(clock.pendingTasks()).isZero();
    }
}
