package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.JobsControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The job-execution operations of the AWS IoT control plane: ListJobExecutionsForThing, DescribeJobExecution,
 * CancelJobExecution, DeleteJobExecution (paths and JSON of the AWS IoT API reference).
 */
final class ExecutionRoutes {

    private final JobsControl control;
    private final Renderer render;

    ExecutionRoutes(JobsControl control, Renderer render) {
        this.control = control;
        this.render = render;
    }

    void addTo(Router router) {
        router.add("GET", "things/{thingName}/jobs", "ListJobExecutionsForThing", this::listForThing)
                .add("GET", "things/{thingName}/jobs/{jobId}", "DescribeJobExecution", this::describe)
                .add("PUT", "things/{thingName}/jobs/{jobId}/cancel", "CancelJobExecution", this::cancel)
                .add(
                        "DELETE",
                        "things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}",
                        "DeleteJobExecution",
                        this::delete);
    }

    private JsonNode listForThing(HttpCall call) {
        String thingName = Fields.thingName(call.param("thingName"));
        String status = Fields.statusFilter(call, Renderer.EXECUTION_STATUSES);
        String jobId = call.query("jobId") == null ? null : Fields.jobId(call.query("jobId"));
        List<ObjectNode> summaries = new ArrayList<>();
        for (JobExecutionData e : control.listJobExecutionsForThing(thingName)) {
            if ((status == null || status.equals(e.rawStatus().orElse(null)))
                    && (jobId == null || jobId.equals(e.jobId()))) {
                ObjectNode s = Json.NODES.objectNode().put("jobId", e.jobId());
                s.set(
                        "jobExecutionSummary",
                        render.executionSummary(
                                e,
                                control.retryAttempt(
                                        thingName,
                                        e.jobId(),
                                        e.executionNumber().orElse(0))));
                summaries.add(s);
            }
        }
        return Fields.page(summaries, "executionSummaries", call);
    }

    private JsonNode describe(HttpCall call) {
        String thingName = Fields.thingName(call.param("thingName"));
        String jobId = Fields.jobId(call.param("jobId"));
        String number = call.query("executionNumber");
        Optional<JobExecutionData> found = number == null
                ? control.describeJobExecution(thingName, jobId)
                : control.describeJobExecution(thingName, jobId, Fields.executionNumber(number));
        JobExecutionData e = found.orElseThrow(() -> ApiError.notFound("jobId: thing " + thingName
                + " has no execution of job " + jobId + (number == null ? "" : " with executionNumber " + number)));
        ObjectNode answer = Json.NODES.objectNode();
        answer.set("execution", render.execution(thingName, e));
        return answer;
    }

    private JsonNode cancel(HttpCall call) {
        String thingName = Fields.thingName(call.param("thingName"));
        String jobId = Fields.jobId(call.param("jobId"));
        boolean force = Fields.force(call);
        Body body = Body.of(call.body());
        Long expected = body.integer("expectedVersion", Long.MIN_VALUE, Long.MAX_VALUE);
        control.cancelJobExecution(
                thingName,
                jobId,
                force,
                expected == null ? OptionalLong.empty() : OptionalLong.of(expected),
                Optional.ofNullable(body.stringMap("statusDetails")));
        return null;
    }

    private JsonNode delete(HttpCall call) {
        String thingName = Fields.thingName(call.param("thingName"));
        String jobId = Fields.jobId(call.param("jobId"));
        long executionNumber = Fields.executionNumber(call.param("executionNumber"));
        control.deleteJobExecution(thingName, jobId, executionNumber, Fields.force(call));
        return null;
    }
}
