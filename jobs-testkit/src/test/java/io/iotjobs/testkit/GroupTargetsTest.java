package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.ARN;
import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Thing groups as job targets, SNAPSHOT and CONTINUOUS, as raw devices see them. */
class GroupTargetsTest extends ServiceTestBase {

    private ThingRegistry registry;

    @BeforeEach
    void fleet() {
        registry = service.registry();
        registry.createThingGroup("fleet");
        registry.createThingGroup("eu", Optional.of("fleet"));
        for (String thing : List.of("d1", "d2", "d3")) {
            registry.createThing(thing);
        }
        registry.addThingToThingGroup("d1", "fleet");
        registry.addThingToThingGroup("d2", "eu");
    }

    private JobStatus status(String thing, String jobId) {
        return control()
                .describeJobExecution(thing, jobId)
                .orElseThrow()
                .status()
                .orElseThrow();
    }

    @Test
    void aSnapshotJobTargetsTheGroupAndItsChildGroupsAsTheyAreAtCreation() {
        RawDevice d1 = device("d1");
        RawDevice d2 = device("d2");
        RawDevice d3 = device("d3");

        control().createJob(JobSpec.builder("snap").targetGroups("fleet").build());

        assertThat(d1.expect("notify")
                        .path("jobs")
                        .path("QUEUED")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("snap");
        d1.expect("notify-next");
        d2.expect("notify");
        d2.expect("notify-next");
        registry.addThingToThingGroup("d3", "eu");
        d3.assertQuiet();
        assertThat(control().listJobExecutionsForJob("snap")).hasSize(2);
    }

    @Test
    void aThingThatJoinsAContinuousJobsGroupGetsAnExecutionAndOneThatLeavesWhileQueuedSeesItRemoved() {
        control()
                .createJob(JobSpec.builder("cont")
                        .targetGroups("fleet")
                        .targetSelection(JobSpec.TargetSelection.CONTINUOUS)
                        .build());
        RawDevice d3 = device("d3");

        registry.addThingToThingGroup("d3", "eu");

        JsonNode notify = d3.expect("notify");
        assertThat(notify.path("jobs").path("QUEUED").get(0).path("jobId").asText())
                .isEqualTo("cont");
        assertThat(d3.expect("notify-next").path("execution").path("status").asText())
                .isEqualTo("QUEUED");

        registry.removeThingFromThingGroup("d3", "eu");

        assertThat(d3.expect("notify").path("jobs").isEmpty())
                .as("no pending job left")
                .isTrue();
        assertThat(d3.expect("notify-next").has("execution")).isFalse();
        assertThat(status("d3", "cont")).isEqualTo(JobStatus.REMOVED);

        registry.addThingToThingGroup("d3", "fleet");
        d3.expect("notify");
        assertThat(d3.expect("notify-next")
                        .path("execution")
                        .path("executionNumber")
                        .asLong())
                .as("a new execution when it comes back")
                .isEqualTo(2);
    }

    @Test
    void aThingStillCoveredByAnotherTargetGroupKeepsItsExecution() {
        registry.createThingGroup("beta");
        control()
                .createJob(JobSpec.builder("cont")
                        .targetGroups("eu", "beta")
                        .targetSelection(JobSpec.TargetSelection.CONTINUOUS)
                        .build());
        registry.addThingToThingGroup("d2", "beta");

        registry.removeThingFromThingGroup("d2", "eu");

        assertThat(status("d2", "cont")).isEqualTo(JobStatus.QUEUED);
        assertThat(control().listJobExecutionsForThing("d2")).hasSize(1);
    }

    @Test
    void aContinuousJobStaysInProgressWhenEveryExecutionEnded() {
        control()
                .createJob(JobSpec.builder("cont")
                        .targetGroups("eu")
                        .targetSelection(JobSpec.TargetSelection.CONTINUOUS)
                        .build());
        control().cancelJobExecution("d2", "cont", false);

        assertThat(control().describeJob("cont").orElseThrow().status()).isEqualTo(JobInfo.Status.IN_PROGRESS);
        control().createJob(JobSpec.builder("snap").targetGroups("eu").build());
        control().cancelJobExecution("d2", "snap", false);
        assertThat(control().describeJob("snap").orElseThrow().status()).isEqualTo(JobInfo.Status.COMPLETED);
    }

    @Test
    void associateTargetsWithJobAddsGroupsToAContinuousJobOnly() {
        registry.createThingGroup("later");
        registry.addThingToThingGroup("d3", "later");
        control()
                .createJob(JobSpec.builder("cont")
                        .targets("d1")
                        .targetSelection(JobSpec.TargetSelection.CONTINUOUS)
                        .build());
        control().createJob(JobSpec.builder("snap").targets("d1").build());

        assertThatThrownBy(() -> control().associateTargetsWithJob("snap", List.of("later"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SNAPSHOT");
        assertThatThrownBy(() -> control().associateTargetsWithJob("cont", List.of("later", "nope"), Optional.empty()))
                .hasMessageStartingWith("targets[1]: no thing group");
        assertThat(control().listJobExecutionsForThing("d3"))
                .as("nothing half-applied")
                .isEmpty();

        JobInfo job = control().associateTargetsWithJob("cont", List.of("later"), Optional.of("phase two"));

        assertThat(job.spec().targetGroupNames()).containsExactly("later");
        assertThat(job.comment()).contains("phase two");
        assertThat(status("d3", "cont")).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void theHttpApiTakesGroupArnsContinuousJobsAndAssociateTargetsWithJob() {
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            http.ok(
                    "PUT",
                    "/jobs/cont",
                    "{'targets':['" + ARN + "thinggroup/eu'],'document':'{}'," + "'targetSelection':'CONTINUOUS'}");
            registry.createThingGroup("later");
            registry.addThingToThingGroup("d3", "later");

            JsonNode answer = http.ok(
                    "POST", "/jobs/cont/targets", "{'targets':['" + ARN + "thinggroup/later']," + "'comment':'more'}");

            assertThat(answer.path("jobArn").asText()).isEqualTo(ARN + "job/cont");
            JsonNode job = http.ok("GET", "/jobs/cont", null).path("job");
            assertThat(job.path("targetSelection").asText()).isEqualTo("CONTINUOUS");
            assertThat(job.path("targets"))
                    .isEqualTo(json("['" + ARN + "thinggroup/eu','" + ARN + "thinggroup/later']"));
            assertThat(job.path("jobProcessDetails")
                            .path("numberOfQueuedThings")
                            .asInt())
                    .isEqualTo(2);
            assertError(
                    http.call("POST", "/jobs/cont/targets", "{'targets':['" + ARN + "thing/d1']}"),
                    400,
                    "InvalidRequestException",
                    "targets[0]: not a thinggroup ARN");
        }
    }
}
