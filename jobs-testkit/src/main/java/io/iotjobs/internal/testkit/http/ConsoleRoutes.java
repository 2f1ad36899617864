package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.testkit.ControlPlane;
import io.iotjobs.internal.testkit.ExecutionTimeline;
import io.iotjobs.internal.testkit.JobRefusals;
import io.iotjobs.internal.testkit.Registry;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.JobInfo;
import io.iotjobs.testkit.JobsControl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the console reads that the AWS-shaped routes do not answer in one call: every job with its executions and
 * what its actions would meet, every thing with its executions, and one execution with its timeline and job
 * document. The jobs, executions and things are rendered as the control-plane routes render them; the writes of
 * the console go to those routes themselves (CreateJob, CancelJob, DeleteJob), so that the console and the API
 * cannot differ.
 */
final class ConsoleRoutes {

    /** Most things listed at once (a console is for people; a load test may have thousands). */
    static final int MAX_THINGS = 1000;

    private final JobsControl jobs;
    private final ControlPlane control;
    private final Registry registry;
    private final Arns arns;
    private final Renderer render;

    ConsoleRoutes(JobsControl jobs, ControlPlane control, Registry registry, Arns arns, Renderer render) {
        this.jobs = jobs;
        this.control = control;
        this.registry = registry;
        this.arns = arns;
        this.render = render;
    }

    void addTo(Router router) {
        router.add("GET", "console/api/info", "ConsoleInfo", this::info)
                .add("GET", "console/api/jobs", "ConsoleJobs", this::jobs)
                .add("GET", "console/api/things", "ConsoleThings", this::things)
                .add(
                        "GET",
                        "console/api/things/{thingName}/jobs/{jobId}/executions/{executionNumber}",
                        "ConsoleExecution",
                        this::execution);
    }

    private JsonNode info(HttpCall call) {
        // the create form names thing groups by ARN, as CreateJob takes them
        ObjectNode answer = Json.NODES.objectNode().put("thingGroupArnPrefix", arns.group(""));
        String version = ConsoleRoutes.class.getPackage().getImplementationVersion();
        answer.put("version", version == null ? "development build" : version);
        ArrayNode statuses = answer.putArray("executionStatuses");
        List.of("QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "CANCELED", "REMOVED")
                .forEach(statuses::add);
        return answer;
    }

    /** Every job, newest first, as DescribeJob renders it, with its document, executions and refusals. */
    private JsonNode jobs(HttpCall call) {
        List<JobInfo> found = new ArrayList<>();
        for (String id : jobs.listJobs()) {
            jobs.describeJob(id).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(JobInfo::createdAt)
                .thenComparing(JobInfo::jobId)
                .reversed());
        ObjectNode answer = Json.NODES.objectNode();
        ArrayNode list = answer.putArray("jobs");
        for (JobInfo job : found) {
            List<JobExecutionData> executions;
            Optional<JobRefusals> refusals = control.refusals(job.jobId());
            try {
                executions = jobs.listJobExecutionsForJob(job.jobId());
            } catch (IllegalArgumentException deletedMeanwhile) {
                continue;
            }
            if (refusals.isEmpty()) {
                continue;
            }
            ObjectNode node = render.job(job, executions);
            node.put("document", job.document().toJson());
            ObjectNode refused = node.putObject("refusals");
            JobRefusals r = refusals.get();
            refused.put("cancel", r.cancel().orElse(null))
                    .put("forceCancel", r.forceCancel().orElse(null))
                    .put("delete", r.delete().orElse(null))
                    .put("forceDelete", r.forceDelete().orElse(null));
            ArrayNode items = node.putArray("executions");
            for (JobExecutionData e : executions) {
                ObjectNode item =
                        items.addObject().put("thingName", e.thingName().orElse(""));
                e.rawStatus().ifPresent(s -> item.put("status", s));
                e.executionNumber().ifPresent(n -> item.put("executionNumber", n));
                e.versionNumber().ifPresent(n -> item.put("versionNumber", n));
            }
            list.add(node);
        }
        return answer;
    }

    /** The things the service has seen or registered, by name, each with every execution, oldest first. */
    private JsonNode things(HttpCall call) {
        TreeSet<String> names = new TreeSet<>(control.executions().thingNames());
        names.addAll(registry.listThings());
        ObjectNode answer = Json.NODES.objectNode().put("total", names.size());
        ArrayNode list = answer.putArray("things");
        for (String name : names) {
            if (list.size() == MAX_THINGS) {
                answer.put("truncated", true);
                break;
            }
            boolean registered = registry.exists(name);
            ObjectNode thing = list.addObject().put("thingName", name).put("registered", registered);
            ArrayNode groups = thing.putArray("thingGroups");
            if (registered) {
                try {
                    registry.listThingGroupsForThing(name).forEach(groups::add);
                } catch (IllegalArgumentException deletedMeanwhile) {
                    thing.put("registered", false);
                }
            }
            ArrayNode executions = thing.putArray("executions");
            for (JobExecutionData e : jobs.listJobExecutionsForThing(name)) {
                ObjectNode item = render.execution(name, e);
                jobs.retryAttempt(name, e.jobId(), e.executionNumber().orElse(0))
                        .ifPresent(n -> item.put("retryAttempt", n));
                executions.add(item);
            }
        }
        return answer;
    }

    /** One execution as DescribeJobExecution renders it, with its job document and its timeline. */
    private JsonNode execution(HttpCall call) {
        String thingName = Fields.thingName(call.param("thingName"));
        String jobId = Fields.jobId(call.param("jobId"));
        long number = Fields.executionNumber(call.param("executionNumber"));
        JobExecutionData e = jobs.describeJobExecution(thingName, jobId, number)
                .orElseThrow(() -> ApiError.notFound("jobId: thing " + thingName + " has no execution of job " + jobId
                        + " with executionNumber " + number));
        ObjectNode answer = Json.NODES.objectNode();
        ObjectNode execution = render.execution(thingName, e);
        e.jobDocument().ifPresent(d -> execution.put("document", d.toJson()));
        answer.set("execution", execution);
        control.executions().timeline(thingName, jobId, number).ifPresent(view -> {
            ArrayNode entries = answer.putArray("timeline");
            for (ExecutionTimeline.Entry entry : view.entries()) {
                ObjectNode item = entries.addObject()
                        .put("at", entry.at().toEpochMilli())
                        .put("status", entry.status().name())
                        .put("versionNumber", entry.versionNumber());
                ObjectNode details = item.putObject("statusDetails");
                entry.statusDetails().ifPresent(map -> map.forEach(details::put));
            }
            answer.put("omitted", view.omitted());
        });
        return answer;
    }
}
