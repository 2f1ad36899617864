package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The control API: creation, cancellation, deletion, description, and the events they fire. */
class ControlTest extends ServiceTestBase {

    @Test
    void createJobQueuesOneExecutionPerTarget() {
        RawDevice one = device("dev-1");
        RawDevice two = device("dev-2");
        JobInfo info = control()
                .createJob(JobSpec.builder("fw-1")
                        .document(doc("fw"))
                        .targets("dev-1", "dev-2")
                        .inProgressTimeout(Duration.ofMinutes(15))
                        .build());
        assertThat(info.jobId()).isEqualTo("fw-1");
        assertThat(info.status()).isEqualTo(JobInfo.Status.IN_PROGRESS);
        assertThat(info.targetThingNames()).containsExactly("dev-1", "dev-2");
        assertThat(info.inProgressTimeout()).contains(Duration.ofMinutes(15));
        assertThat(info.createdAt()).isEqualTo(TestClock.DEFAULT_START);
        assertThat(info.document()).isEqualTo(doc("fw"));
        for (RawDevice dev : List.of(one, two)) {
            Map<String, JsonNode> events = dev.expectAnyOrder("notify", "notify-next");
            assertThat(events.get("notify")
                            .path("jobs")
                            .path("QUEUED")
                            .get(0)
                            .path("jobId")
                            .asText())
                    .isEqualTo("fw-1");
            assertThat(events.get("notify-next").path("execution").path("jobDocument"))
                    .isEqualTo(json("{'name':'fw'}"));
        }
        JobExecutionData execution =
                control().describeJobExecution("dev-2", "fw-1").orElseThrow();
        assertThat(execution.thingName()).contains("dev-2");
        assertThat(execution.jobDocument()).contains(doc("fw"));
        assertThat(execution.status()).contains(JobStatus.QUEUED);
        assertThat(execution.executionNumber()).hasValue(1);
        assertThat(execution.versionNumber()).hasValue(1);
        assertThat(control().describeJobExecution("dev-2", "fw-1", 1)).contains(execution);
        assertThat(control().describeJobExecution("dev-2", "fw-1", 2)).isEmpty();
        assertThat(control().describeJobExecution("dev-3", "fw-1")).isEmpty();
        assertThat(control().listJobExecutionsForJob("fw-1"))
                .extracting(e -> e.thingName().orElseThrow())
                .containsExactly("dev-1", "dev-2");
        assertThat(control().listJobs()).containsExactly("fw-1");
        assertThat(control().describeJob("fw-1")).contains(info);
        assertThat(control().describeJob("nope")).isEmpty();
    }

    @Test
    void badInputIsRejectedNamingTheField() {
        createJob("exists", "dev-1");
        JobDocument big = JobDocument.parse("{\"data\":\"" + "x".repeat(32768) + "\"}");
        assertThatThrownBy(() -> createJob("exists", "dev-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId")
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> createJob("bad id", "dev-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId");
        assertThatThrownBy(() -> createJob("$next", "dev-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId");
        assertThatThrownBy(() -> createJob("x".repeat(65), "dev-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId");
        assertThatThrownBy(() -> createJob("j"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targetThingNames");
        assertThatThrownBy(() -> createJob("j", "dev-1", "dev/#"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targetThingNames[1]");
        assertThatThrownBy(() -> createJob("j", "dev-1", "dev-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targetThingNames[1]")
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> control().createJob("j", big, List.of("dev-1"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("document");
        assertThatThrownBy(() -> control().createJob("j", doc("j"), List.of("dev-1"), Optional.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("inProgressTimeout");
        assertThatThrownBy(() -> control().createJob("j", doc("j"), List.of("dev-1"), Optional.of(Duration.ofDays(8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("inProgressTimeout");
        assertThatThrownBy(() -> control().cancelJob("unknown", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId");
        assertThatThrownBy(() -> control().deleteJob("unknown", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId");
        assertThatThrownBy(() -> control().cancelJobExecution("dev-2", "exists", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId");
        assertThatThrownBy(() -> control().cancelJobExecution("bad name", "exists", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName");
        assertThatThrownBy(() -> control().deleteJobExecution("dev-1", "exists", 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executionNumber 2");
        assertThatThrownBy(() -> control().createJob(null)).isInstanceOf(NullPointerException.class);
        // nothing was created by the failed calls
        assertThat(control().listJobs()).containsExactly("exists");
        assertThat(control().listJobExecutionsForThing("dev-1")).hasSize(1);
    }

    @Test
    void documentLimitIsConfigurable() {
        LocalJobsService small = newService(b -> b.maxJobDocumentBytes(20));
        assertThatThrownBy(() -> small.control()
                        .createJob(
                                "j",
                                JobDocument.parse("{\"k\":\"0123456789abcdef\"}"),
                                List.of("dev-1"),
                                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("document: 24 bytes, more than the limit of 20");
        small.control()
                .createJob("j", JobDocument.parse("{\"k\":\"0123456789ab\"}"), List.of("dev-1"), Optional.empty());
    }

    @Test
    void cancelJobWithoutForceLeavesInProgressExecutionsRunning() {
        RawDevice one = device("dev-1");
        RawDevice two = device("dev-2");
        createJob("j", "dev-1", "dev-2");
        one.expectAnyOrder("notify", "notify-next");
        two.expectAnyOrder("notify", "notify-next");
        one.request("start-next", "{}");
        advanceSeconds(5);

        control().cancelJob("j", false);

        // dev-2's QUEUED execution is canceled: its pending set empties
        Map<String, JsonNode> events = two.expectAnyOrder("notify", "notify-next");
        assertThat(events.get("notify")).isEqualTo(json("{'timestamp':" + now() + ",'jobs':{}}"));
        assertThat(events.get("notify-next")).isEqualTo(json("{'timestamp':" + now() + "}"));
        // dev-1's IN_PROGRESS execution keeps running, without an event
        one.assertQuiet();
        assertThat(control().describeJobExecution("dev-1", "j").orElseThrow().status())
                .contains(JobStatus.IN_PROGRESS);
        JobExecutionData canceled = control().describeJobExecution("dev-2", "j").orElseThrow();
        assertThat(canceled.status()).contains(JobStatus.CANCELED);
        assertThat(canceled.versionNumber()).hasValue(2);
        assertThat(control().describeJob("j").orElseThrow().status()).isEqualTo(JobInfo.Status.CANCELED);

        // the device on dev-2 can no longer update it
        RawDevice.Message refused = two.request("j/update", "{'status':'IN_PROGRESS'}");
        assertThat(refused.json.path("code").asText()).isEqualTo("InvalidStateTransition");
        assertThat(refused.json.path("executionState")).isEqualTo(json("{'status':'CANCELED','versionNumber':2}"));

        // dev-1 may still finish
        assertThat(one.request("j/update", "{'status':'SUCCEEDED'}").suffix).isEqualTo("j/update/accepted");
        one.expectAnyOrder("notify", "notify-next");

        // the job can be canceled again, and deleted without force once nothing is pending
        control().cancelJob("j", true);
        control().deleteJob("j", false);
        assertThat(control().describeJob("j")).isEmpty();
        assertThat(control().listJobExecutionsForThing("dev-1")).isEmpty();
        one.assertQuiet();
        two.assertQuiet();
    }

    @Test
    void cancelJobWithForceCancelsInProgressExecutionsToo() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        advanceSeconds(1);
        createJob("b", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        dev.expect("notify");
        dev.request("start-next", "{'stepTimeoutInMinutes':5}");
        assertThat(clock.pendingTasks()).isEqualTo(1);
        advanceSeconds(1);

        control().cancelJob("a", true);

        Map<String, JsonNode> events = dev.expectAnyOrder("notify", "notify-next");
        assertThat(events.get("notify").path("jobs"))
                .isEqualTo(json("{'QUEUED':[{'jobId':'b','queuedAt':" + (T0 + 1) + ",'lastUpdatedAt':" + (T0 + 1)
                        + ",'executionNumber':1,'versionNumber':1}]}"));
        assertThat(events.get("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("b");
        assertThat(clock.pendingTasks()).as("timers stop").isZero();
        assertThat(control().describeJobExecution("dev-1", "a").orElseThrow().status())
                .contains(JobStatus.CANCELED);
        dev.assertQuiet();
    }

    @Test
    void cancelJobExecution() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        advanceSeconds(1);
        createJob("b", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        dev.expect("notify");

        // a non-head QUEUED execution: notify only
        control().cancelJobExecution("dev-1", "b", false);
        assertThat(dev.expect("notify").path("jobs").path("QUEUED")).hasSize(1);
        dev.assertQuiet();

        dev.request("start-next", "{}");
        assertThatThrownBy(() -> control().cancelJobExecution("dev-1", "a", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("force");
        assertThatThrownBy(() -> control().cancelJobExecution("dev-1", "b", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CANCELED");
        dev.assertQuiet();

        control().cancelJobExecution("dev-1", "a", true);
        dev.expectAnyOrder("notify", "notify-next");
        assertThat(control().describeJob("a").orElseThrow().status()).isEqualTo(JobInfo.Status.COMPLETED);
        assertThatThrownBy(() -> control().cancelJob("a", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("completed");
    }

    @Test
    void deleteJobExecutionNeedsForceUnlessTerminal() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        assertThatThrownBy(() -> control().deleteJobExecution("dev-1", "a", 1, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("force");
        dev.request("a/update", "{'status':'FAILED'}");
        dev.expectAnyOrder("notify", "notify-next");

        // deleting a terminal execution changes no pending set: no event
        control().deleteJobExecution("dev-1", "a", 1, false);
        dev.assertQuiet();
        RawDevice.Message gone = dev.request("a/update", "{'status':'FAILED','clientToken':'x'}");
        assertThat(gone.json.path("code").asText()).isEqualTo("ResourceNotFound");
        assertThat(control().listJobExecutionsForJob("a")).isEmpty();
    }

    @Test
    void deleteJobWithForceRemovesPendingExecutionsWithEvents() {
        RawDevice one = device("dev-1");
        RawDevice two = device("dev-2");
        createJob("a", "dev-1");
        advanceSeconds(1);
        createJob("b", "dev-1", "dev-2");
        one.expectAnyOrder("notify", "notify-next");
        one.expect("notify");
        two.expectAnyOrder("notify", "notify-next");
        one.request("b/update", "{'status':'IN_PROGRESS','stepTimeoutInMinutes':3}");
        one.expect("notify-next");

        assertThatThrownBy(() -> control().deleteJob("b", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("force");
        advanceSeconds(1);
        control().deleteJob("b", true);

        Map<String, JsonNode> oneEvents = one.expectAnyOrder("notify", "notify-next");
        assertThat(oneEvents
                        .get("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("a");
        assertThat(oneEvents.get("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("a");
        Map<String, JsonNode> twoEvents = two.expectAnyOrder("notify", "notify-next");
        assertThat(twoEvents.get("notify")).isEqualTo(json("{'timestamp':" + now() + ",'jobs':{}}"));
        assertThat(clock.pendingTasks()).isZero();
        assertThat(one.request("b/get", "{}").json.path("code").asText()).isEqualTo("ResourceNotFound");
        one.assertQuiet();

        // the id may be used again; the new execution gets the next number on a thing that had one
        createJob("b", "dev-2");
        two.expectAnyOrder("notify", "notify-next");
        assertThat(control().describeJobExecution("dev-2", "b").orElseThrow().executionNumber())
                .hasValue(2);
    }

    @Test
    void listJobExecutionsForThingIncludesTerminalOnesInCreationOrder() {
        RawDevice dev = device("dev-1");
        createJob("a", "dev-1");
        createJob("b", "dev-1");
        dev.expectAnyOrder("notify", "notify-next");
        dev.expect("notify");
        dev.request("b/update", "{'status':'REJECTED','statusDetails':{'why':'no'}}");
        List<JobExecutionData> list = control().listJobExecutionsForThing("dev-1");
        assertThat(list).extracting(JobExecutionData::jobId).containsExactly("a", "b");
        assertThat(list.get(1).status()).contains(JobStatus.REJECTED);
        assertThat(list.get(1).statusDetails()).contains(Map.of("why", "no"));
        assertThat(list.get(1).jobDocument()).isEmpty();
        assertThat(control().listJobExecutionsForThing("nobody")).isEmpty();
    }

    @Test
    void controlCallsFailAfterClose() {
        service.close();
        service.close();
        assertThatThrownBy(() -> createJob("a", "dev-1")).isInstanceOf(IllegalStateException.class);
        assertThat(service.start()).isCompletedExceptionally();
    }

    @Test
    void builderNeedsAConnection() {
        assertThatThrownBy(() -> LocalJobsService.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("connection");
        assertThatThrownBy(() -> LocalJobsService.builder().pendingListSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pendingListSize");
        assertThat(service.clock()).isSameAs(clock);
        assertThat(service.start()).isCompleted();
    }
}
