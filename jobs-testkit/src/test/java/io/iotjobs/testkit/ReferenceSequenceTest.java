package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference sequence of the protocol reference (§8.7), step by step, with a device that publishes raw
 * JSON. Every event payload is compared as a whole; "no event" steps are proven by a GetPending round trip
 * whose reply must be the next message.
 */
class ReferenceSequenceTest extends ServiceTestBase {

    /** How C leaves the pending set in step 8. */
    enum Ending {
        DELETED_WITH_FORCE,
        CANCELED,
        TIMED_OUT,
        FINISHED
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void referenceSequence(Ending ending) {
        RawDevice dev = device("dev-42");
        long tA = now();

        // 1. job A queued (list empty): notify {QUEUED:[A v1]} and notify-next A (QUEUED, v1, with document)
        createJob("A", "dev-42");
        Map<String, JsonNode> step1 = dev.expectAnyOrder("notify", "notify-next");
        assertThat(step1.get("notify"))
                .isEqualTo(json("{'timestamp':" + tA + ",'jobs':{'QUEUED':[" + queued("A", tA) + "]}}"));
        assertThat(step1.get("notify-next"))
                .isEqualTo(json("{'timestamp':" + tA + ",'execution':{'jobId':'A',"
                        + "'status':'QUEUED','queuedAt':" + tA + ",'lastUpdatedAt':" + tA + ",'versionNumber':1,"
                        + "'executionNumber':1,'jobDocument':{'name':'A'}}}"));
        dev.assertQuiet();

        // 2. job B queued: notify {QUEUED:[A,B]}, no notify-next (head still A)
        advanceSeconds(10);
        long tB = now();
        createJob("B", "dev-42");
        assertThat(dev.expect("notify"))
                .isEqualTo(json("{'timestamp':" + tB + ",'jobs':{'QUEUED':[" + queued("A", tA) + "," + queued("B", tB)
                        + "]}}"));
        dev.assertQuiet();

        // 3. device StartNext: A IN_PROGRESS v2; no event at all
        advanceSeconds(10);
        long tStart = now();
        assertThat(dev.request("start-next", "{'clientToken':'sn-1'}").json)
                .isEqualTo(json("{'clientToken':'sn-1',"
                        + "'timestamp':" + tStart + ",'execution':{'jobId':'A','status':'IN_PROGRESS','queuedAt':" + tA
                        + ",'startedAt':" + tStart + ",'lastUpdatedAt':" + tStart + ",'versionNumber':2,"
                        + "'executionNumber':1,'jobDocument':{'name':'A'}}}"));
        dev.assertQuiet();

        // 4. job C queued: notify {IN_PROGRESS:[A], QUEUED:[B,C]}, no notify-next
        advanceSeconds(10);
        long tC = now();
        createJob("C", "dev-42");
        assertThat(dev.expect("notify"))
                .isEqualTo(json("{'timestamp':" + tC + ",'jobs':{'IN_PROGRESS':["
                        + inProgress("A", tA, tStart, tStart, 2) + "],'QUEUED':[" + queued("B", tB) + ","
                        + queued("C", tC)
                        + "]}}"));
        dev.assertQuiet();

        // 5. A -> SUCCEEDED: notify {QUEUED:[B,C]} and notify-next B (QUEUED)
        advanceSeconds(10);
        long t5 = now();
        dev.publish("A/update", "{'status':'SUCCEEDED','expectedVersion':2,'clientToken':'up-A'}");
        Map<String, JsonNode> step5 = dev.expectAnyOrder("A/update/accepted", "notify", "notify-next");
        assertThat(step5.get("A/update/accepted")).isEqualTo(json("{'clientToken':'up-A','timestamp':" + t5 + "}"));
        assertThat(step5.get("notify"))
                .isEqualTo(json("{'timestamp':" + t5 + ",'jobs':{'QUEUED':[" + queued("B", tB) + "," + queued("C", tC)
                        + "]}}"));
        assertThat(step5.get("notify-next"))
                .isEqualTo(json("{'timestamp':" + t5 + ",'execution':{'jobId':'B',"
                        + "'status':'QUEUED','queuedAt':" + tB + ",'lastUpdatedAt':" + tB + ",'versionNumber':1,"
                        + "'executionNumber':1,'jobDocument':{'name':'B'}}}"));
        dev.assertQuiet();

        // 6. device sets C -> IN_PROGRESS while B is QUEUED: notify-next C only
        advanceSeconds(10);
        long t6 = now();
        dev.publish("C/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':5}");
        Map<String, JsonNode> step6 = dev.expectAnyOrder("C/update/accepted", "notify-next");
        assertThat(step6.get("C/update/accepted")).isEqualTo(json("{'timestamp':" + t6 + "}"));
        assertThat(step6.get("notify-next"))
                .isEqualTo(json("{'timestamp':" + t6 + ",'execution':{'jobId':'C',"
                        + "'status':'IN_PROGRESS','queuedAt':" + tC + ",'startedAt':" + t6 + ",'lastUpdatedAt':" + t6
                        + ",'versionNumber':2,'executionNumber':1,'jobDocument':{'name':'C'}}}"));
        dev.assertQuiet();

        // 7. device sets B -> REJECTED: notify {IN_PROGRESS:[C]}, no notify-next (head still C)
        advanceSeconds(10);
        long t7 = now();
        dev.publish("B/update", "{'status':'REJECTED','statusDetails':{'reason':'not-now'}}");
        Map<String, JsonNode> step7 = dev.expectAnyOrder("B/update/accepted", "notify");
        assertThat(step7.get("B/update/accepted")).isEqualTo(json("{'timestamp':" + t7 + "}"));
        assertThat(step7.get("notify"))
                .isEqualTo(json(
                        "{'timestamp':" + t7 + ",'jobs':{'IN_PROGRESS':[" + inProgress("C", tC, t6, t6, 2) + "]}}"));
        dev.assertQuiet();

        // 8. C leaves: notify {} and notify-next {timestamp} only
        JobStatus expectedStatus;
        long t8;
        switch (ending) {
            case DELETED_WITH_FORCE:
                advanceSeconds(10);
                t8 = now();
                control().deleteJobExecution("dev-42", "C", 1, true);
                expectedStatus = null;
                break;
            case CANCELED:
                advanceSeconds(10);
                t8 = now();
                control().cancelJobExecution("dev-42", "C", true);
                expectedStatus = JobStatus.CANCELED;
                break;
            case TIMED_OUT:
                clock.set(clock.now().plus(Duration.ofMinutes(5)).minusSeconds(10 + 1));
                dev.assertQuiet();
                advanceSeconds(1);
                t8 = t6 + 5 * 60;
                assertThat(now()).isEqualTo(t8);
                expectedStatus = JobStatus.TIMED_OUT;
                break;
            default:
                advanceSeconds(10);
                t8 = now();
                dev.publish("C/update", "{'status':'SUCCEEDED','clientToken':'up-C'}");
                assertThat(dev.expect("C/update/accepted"))
                        .isEqualTo(json("{'clientToken':'up-C','timestamp':" + t8 + "}"));
                expectedStatus = JobStatus.SUCCEEDED;
                break;
        }
        Map<String, JsonNode> step8 = dev.expectAnyOrder("notify", "notify-next");
        assertThat(step8.get("notify")).isEqualTo(json("{'timestamp':" + t8 + ",'jobs':{}}"));
        assertThat(step8.get("notify-next")).isEqualTo(json("{'timestamp':" + t8 + "}"));
        dev.assertQuiet();

        if (expectedStatus == null) {
            assertThat(control().describeJobExecution("dev-42", "C")).isEmpty();
        } else {
            JobExecutionData c = control().describeJobExecution("dev-42", "C").orElseThrow();
            assertThat(c.status()).contains(expectedStatus);
            assertThat(c.versionNumber()).hasValue(3);
        }
        assertThat(control().describeJobExecution("dev-42", "A").orElseThrow().versionNumber())
                .hasValue(3);
        assertThat(control().describeJobExecution("dev-42", "B").orElseThrow().statusDetails())
                .contains(Map.of("reason", "not-now"));
        assertThat(clock.pendingTasks()).isZero();
    }

    private static String queued(String jobId, long queuedAt) {
        return "{'jobId':'" + jobId + "','queuedAt':" + queuedAt + ",'lastUpdatedAt':" + queuedAt
                + ",'executionNumber':1,'versionNumber':1}";
    }

    private static String inProgress(String jobId, long queuedAt, long startedAt, long lastUpdatedAt, int version) {
        return "{'jobId':'" + jobId + "','queuedAt':" + queuedAt + ",'startedAt':" + startedAt + ",'lastUpdatedAt':"
                + lastUpdatedAt + ",'executionNumber':1,'versionNumber':" + version + "}";
    }
}
