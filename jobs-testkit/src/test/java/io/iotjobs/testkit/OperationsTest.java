package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobExecutionData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The accepted replies of the four operations: defaults, include flags, ordering, the "next" rule. */
class OperationsTest extends ServiceTestBase {

    @Test
    void emptyPayloadsAndNothingPending() {
        RawDevice dev = device("dev-1");
        dev.publishBytes("get", new byte[0]);
        assertThat(dev.expect("get/accepted"))
                .isEqualTo(json("{'timestamp':" + T0 + ",'inProgressJobs':[],'queuedJobs':[]}"));
        dev.publishBytes("start-next", new byte[0]);
        assertThat(dev.expect("start-next/accepted")).isEqualTo(json("{'timestamp':" + T0 + "}"));
        dev.publish("start-next", "{'clientToken':'c2','stepTimeoutInMinutes':5}");
        assertThat(dev.expect("start-next/accepted")).isEqualTo(json("{'clientToken':'c2','timestamp':" + T0 + "}"));
        dev.publishBytes("$next/get", new byte[0]);
        assertThat(dev.expect("$next/get/accepted")).isEqualTo(json("{'timestamp':" + T0 + "}"));
        dev.publish("$next/get", "{'clientToken':'c3','thingName':'ignored','jobId':'ignored','extra':[1]}");
        assertThat(dev.expect("$next/get/accepted")).isEqualTo(json("{'clientToken':'c3','timestamp':" + T0 + "}"));
        dev.assertQuiet();
    }

    @Test
    void getPendingListsInProgressThenQueuedInQueueOrder() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        advanceSeconds(1);
        createJob("b", "dev-1");
        advanceSeconds(1);
        createJob("c", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        dev.expect("notify");
        dev.expect("notify");
        advanceSeconds(1);
        dev.publish("c/update", "{'status':'IN_PROGRESS'}");
        dev.expectAnyOrder("c/update/accepted", "notify-next");

        dev.publish("get", "{'clientToken':'g'}");
        assertThat(dev.expect("get/accepted"))
                .isEqualTo(json("{'clientToken':'g','timestamp':" + now()
                        + ",'inProgressJobs':[{'jobId':'c','queuedAt':" + (T0 + 2) + ",'startedAt':" + (T0 + 3)
                        + ",'lastUpdatedAt':" + (T0 + 3) + ",'versionNumber':2,'executionNumber':1}],"
                        + "'queuedJobs':[{'jobId':'a','queuedAt':" + T0 + ",'lastUpdatedAt':" + T0
                        + ",'versionNumber':1,'executionNumber':1},{'jobId':'b','queuedAt':" + (T0 + 1)
                        + ",'lastUpdatedAt':"
                        + (T0 + 1) + ",'versionNumber':1,'executionNumber':1}]}"));
    }

    @Test
    void pendingListIsCapped() {
        LocalJobsService small = newService(b -> b.pendingListSize(3));
        service.close();
        RawDevice dev = device("dev-1");
        for (int i = 0; i < 5; i++) {
            small.control().createJob("j" + i, doc("j" + i), List.of("dev-1"), Optional.empty());
        }
        dev.expectAnyOrder("notify", "notify-next");
        for (int i = 1; i < 4; i++) {
            dev.expect("notify");
        }
        // the fifth notify lists the first three
        assertThat(dev.expect("notify").path("jobs").path("QUEUED"))
                .extracting(n -> n.path("jobId").asText())
                .containsExactly("j0", "j1", "j2");
        dev.publish("j3/update", "{'status':'IN_PROGRESS'}");
        dev.expectAnyOrder("j3/update/accepted", "notify-next");
        dev.publish("get", "{}");
        JsonNode reply = dev.expect("get/accepted");
        assertThat(reply.path("inProgressJobs"))
                .extracting(n -> n.path("jobId").asText())
                .containsExactly("j3");
        assertThat(reply.path("queuedJobs"))
                .extracting(n -> n.path("jobId").asText())
                .containsExactly("j0", "j1");
    }

    @Test
    void startNextStartsTheHeadAndReturnsAnInProgressHeadUnchanged() {
        RawDevice dev = device("dev-1");
        control().createJob("a", doc("a"), List.of("dev-1"), Optional.empty());
        dev.expectAnyOrder("notify", "notify-next");
        advanceSeconds(5);
        JsonNode first = dev.request(
                        "start-next",
                        "{'statusDetails':{'step':'download'},'stepTimeoutInMinutes':30," + "'clientToken':'s1'}")
                .json;
        assertThat(first)
                .isEqualTo(json("{'clientToken':'s1','timestamp':" + (T0 + 5) + ",'execution':{"
                        + "'jobId':'a','jobDocument':{'name':'a'},'status':'IN_PROGRESS','statusDetails':{'step':'download'},"
                        + "'queuedAt':" + T0 + ",'startedAt':" + (T0 + 5) + ",'lastUpdatedAt':" + (T0 + 5) + ","
                        + "'versionNumber':2,'executionNumber':1}}"));
        advanceSeconds(5);
        JsonNode second = dev.request(
                        "start-next",
                        "{'statusDetails':{'step':'other'},'stepTimeoutInMinutes':1," + "'clientToken':'s2'}")
                .json;
        assertThat(second.path("execution")).isEqualTo(first.path("execution"));
        assertThat(second.path("clientToken").asText()).isEqualTo("s2");
        dev.assertQuiet();
        // the step timer of the first call still counts: 30 min from T0 + 5, not 1 min
        JobExecutionData a = control().describeJobExecution("dev-1", "a").orElseThrow();
        assertThat(a.approximateSecondsBeforeTimedOut()).hasValue(30 * 60 - 5);
        assertThat(a.versionNumber()).hasValue(2);
    }

    @Test
    void describeIncludesTheDocumentUnlessAskedNotTo() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        String execution = "{'jobId':'a','status':'QUEUED','queuedAt':" + T0 + ",'lastUpdatedAt':" + T0
                + ",'versionNumber':1,'executionNumber':1%s}";
        dev.publish("a/get", "{}");
        assertThat(dev.expect("a/get/accepted"))
                .isEqualTo(json("{'timestamp':" + T0 + ",'execution':"
                        + String.format(execution, ",'jobDocument':{'name':'a'}") + "}"));
        dev.publish("a/get", "{'includeJobDocument':false,'executionNumber':1,'clientToken':'d'}");
        assertThat(dev.expect("a/get/accepted"))
                .isEqualTo(json(
                        "{'clientToken':'d','timestamp':" + T0 + ",'execution':" + String.format(execution, "") + "}"));
        dev.publish("$next/get", "{'includeJobDocument':true}");
        assertThat(dev.expect("$next/get/accepted"))
                .isEqualTo(json("{'timestamp':" + T0 + ",'execution':"
                        + String.format(execution, ",'jobDocument':{'name':'a'}") + "}"));
    }

    @Test
    void updateIncludesStateAndDocumentOnlyWhenAsked() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        assertThat(dev.request("a/update", "{'status':'IN_PROGRESS','expectedVersion':'1'}").json)
                .isEqualTo(json("{'timestamp':" + T0 + "}"));
        assertThat(dev.request(
                                "a/update",
                                "{'status':'IN_PROGRESS','statusDetails':{'progress':'50%'},"
                                        + "'expectedVersion':2,'includeJobExecutionState':true,'includeJobDocument':true,'clientToken':'u'}")
                        .json)
                .isEqualTo(
                        json(
                                "{'clientToken':'u','timestamp':" + T0 + ",'executionState':{'status':"
                                        + "'IN_PROGRESS','statusDetails':{'progress':'50%'},'versionNumber':3},'jobDocument':{'name':'a'}}"));
        // statusDetails absent: kept; present: replaced
        assertThat(dev.request("a/update", "{'status':'IN_PROGRESS','includeJobExecutionState':true}")
                        .json
                        .path("executionState")
                        .path("statusDetails"))
                .isEqualTo(json("{'progress':'50%'}"));
        assertThat(dev.request(
                                "a/update",
                                "{'status':'IN_PROGRESS','statusDetails':{'other':'x'},"
                                        + "'includeJobExecutionState':true,'includeJobDocument':false}")
                        .json)
                .isEqualTo(json("{'timestamp':" + T0
                        + ",'executionState':{'status':'IN_PROGRESS','statusDetails':{'other':'x'},"
                        + "'versionNumber':5}}"));
        dev.assertQuiet();
    }

    @Test
    void nextIsTheOldestQueuedInProgressExecutionNotTheFirstStarted() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        advanceSeconds(1);
        createJob("b", "dev-1");
        advanceSeconds(1);
        createJob("c", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        dev.expect("notify");
        dev.expect("notify");
        // c starts first: it jumps ahead of the QUEUED head a
        Map<String, JsonNode> cStarted =
                dev.publishAndCollect("c/update", "{'status':'IN_PROGRESS'}", "c/update/accepted", "notify-next");
        assertThat(cStarted.get("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("c");
        // b starts later but was queued before c: b becomes next
        Map<String, JsonNode> bStarted =
                dev.publishAndCollect("b/update", "{'status':'IN_PROGRESS'}", "b/update/accepted", "notify-next");
        assertThat(bStarted.get("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("b");
        // start-next returns b unchanged; a stays QUEUED
        assertThat(dev.request("start-next", "{}")
                        .json
                        .path("execution")
                        .path("jobId")
                        .asText())
                .isEqualTo("b");
        dev.publish("$next/get", "{}");
        assertThat(dev.expect("$next/get/accepted")
                        .path("execution")
                        .path("jobId")
                        .asText())
                .isEqualTo("b");
        dev.assertQuiet();
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().versionNumber())
                .hasValue(1);
    }

    @Test
    void tiesInQueueTimeGoByCreationOrder() {
        RawDevice dev = device("dev-1");
        for (String job : List.of("z", "m", "a")) {
            createJob(job, "dev-1");
        }
        dev.expectAnyOrder("notify", "notify-next");
        dev.expect("notify");
        dev.expect("notify");
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String jobId = dev.request("start-next", "{}")
                    .json
                    .path("execution")
                    .path("jobId")
                    .asText();
            order.add(jobId);
            dev.request(jobId + "/update", "{'status':'SUCCEEDED'}");
        }
        assertThat(order).containsExactly("z", "m", "a");
        assertThat(dev.request("start-next", "{}").json.has("execution")).isFalse();
    }

    @Test
    void thingsAreIndependentAndTopicsAreParsedBySegments() {
        RawDevice one = device("dev-1");
        RawDevice two = device("dev-2");
        // job ids that look like operations
        createJob("get", "dev-1", "dev-2");
        createJob("update", "dev-1");
        one.expectAnyOrder("notify", "notify-next");
        one.expect("notify");
        two.expectAnyOrder("notify", "notify-next");
        one.publish("get/get", "{}");
        assertThat(one.expect("get/get/accepted")
                        .path("execution")
                        .path("jobId")
                        .asText())
                .isEqualTo("get");
        one.publish("update/update", "{'status':'SUCCEEDED'}");
        assertThat(one.expect("update/update/accepted")).isEqualTo(json("{'timestamp':" + T0 + "}"));
        one.expect("notify");
        two.assertQuiet();
        two.publish("update/get", "{}");
        assertThat(two.expect("update/get/rejected").path("code").asText()).isEqualTo("ResourceNotFound");
    }
}
