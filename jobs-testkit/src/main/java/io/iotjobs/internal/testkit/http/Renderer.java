package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.testkit.Texts;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.JobInfo;
import io.iotjobs.testkit.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The JSON of the answers: jobs, job summaries, executions and execution summaries, with timestamps in epoch
 * seconds and ARNs for things and jobs, as the AWS IoT API reference shapes them.
 */
final class Renderer {

    static final Set<String> EXECUTION_STATUSES =
            Set.of("QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED");
    private static final List<String> COUNTED =
            List.of("CANCELED", "SUCCEEDED", "FAILED", "REJECTED", "QUEUED", "IN_PROGRESS", "REMOVED", "TIMED_OUT");

    private final Arns arns;

    Renderer(Arns arns) {
        this.arns = arns;
    }

    /** What CreateJob and CancelJob answer: {@code jobArn}, {@code jobId}, {@code description}. */
    ObjectNode jobReference(JobInfo job) {
        ObjectNode answer =
                Json.NODES.objectNode().put("jobArn", arns.job(job.jobId())).put("jobId", job.jobId());
        job.description().ifPresent(d -> answer.put("description", d));
        return answer;
    }

    /** The {@code job} of DescribeJob. */
    ObjectNode job(JobInfo job, List<JobExecutionData> executions) {
        ObjectNode out = Json.NODES.objectNode();
        out.put("jobArn", arns.job(job.jobId()))
                .put("jobId", job.jobId())
                .put("targetSelection", job.spec().targetSelection().name())
                .put("status", job.status().name());
        if (job.forceCanceled()) {
            out.put("forceCanceled", true);
        }
        job.reasonCode().ifPresent(v -> out.put("reasonCode", v));
        job.comment().ifPresent(v -> out.put("comment", v));
        ArrayNode targets = out.putArray("targets");
        job.targetThingNames().forEach(t -> targets.add(arns.thing(t)));
        job.spec().targetGroupNames().forEach(g -> targets.add(arns.group(g)));
        job.description().ifPresent(v -> out.put("description", v));
        out.put("createdAt", job.createdAt().getEpochSecond());
        out.put("lastUpdatedAt", job.lastUpdatedAt().getEpochSecond());
        job.completedAt().ifPresent(t -> out.put("completedAt", t.getEpochSecond()));
        ObjectNode details = out.putObject("jobProcessDetails");
        Map<String, Integer> counts = new LinkedHashMap<>();
        COUNTED.forEach(status -> counts.put(status, 0));
        for (JobExecutionData e : executions) {
            e.rawStatus().ifPresent(s -> counts.computeIfPresent(s, (k, v) -> v + 1));
        }
        counts.forEach((status, count) -> details.put("numberOf" + Texts.camel(status) + "Things", count));
        out.put("isConcurrent", false);
        job.spec().namespaceId().ifPresent(n -> out.put("namespaceId", n));
        configs(job.spec(), out);
        return out;
    }

    /** The configurations of a job or template: timeout, rollout, scheduling, abort, retry, presigned URLs. */
    void configs(JobSpec spec, ObjectNode out) {
        spec.inProgressTimeout()
                .ifPresent(t ->
                        out.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", Math.max(1, t.toMinutes())));
        spec.rolloutConfig().ifPresent(rollout -> {
            ObjectNode r = out.putObject("jobExecutionsRolloutConfig");
            rollout.maximumPerMinute().ifPresent(n -> r.put("maximumPerMinute", n));
            rollout.exponentialRate().ifPresent(rate -> {
                ObjectNode e = r.putObject("exponentialRate")
                        .put("baseRatePerMinute", rate.baseRatePerMinute())
                        .put("incrementFactor", rate.incrementFactor());
                ObjectNode c = e.putObject("rateIncreaseCriteria");
                rate.numberOfNotifiedThings().ifPresent(n -> c.put("numberOfNotifiedThings", n));
                rate.numberOfSucceededThings().ifPresent(n -> c.put("numberOfSucceededThings", n));
            });
        });
        spec.schedulingConfig().ifPresent(scheduling -> {
            ObjectNode c = out.putObject("schedulingConfig");
            scheduling.startTime().ifPresent(t -> c.put("startTime", Configs.time(t)));
            scheduling.endTime().ifPresent(t -> c.put("endTime", Configs.time(t)));
            scheduling.endBehavior().ifPresent(b -> c.put("endBehavior", b.name()));
            if (!scheduling.maintenanceWindows().isEmpty()) {
                ArrayNode windows = c.putArray("maintenanceWindows");
                scheduling
                        .maintenanceWindows()
                        .forEach(w -> windows.addObject()
                                .put("startTime", w.startTime())
                                .put("durationInMinutes", w.durationInMinutes()));
            }
        });
        spec.abortConfig().ifPresent(abort -> {
            ArrayNode list = out.putObject("abortConfig").putArray("criteriaList");
            abort.criteria()
                    .forEach(c -> list.addObject()
                            .put("action", "CANCEL")
                            .put("failureType", c.failureType().name())
                            .put("thresholdPercentage", c.thresholdPercentage())
                            .put("minNumberOfExecutedThings", c.minNumberOfExecutedThings()));
        });
        spec.retryConfig().ifPresent(retry -> {
            ArrayNode list = out.putObject("jobExecutionsRetryConfig").putArray("criteriaList");
            retry.criteria()
                    .forEach(c -> list.addObject()
                            .put("failureType", c.failureType().name())
                            .put("numberOfRetries", c.numberOfRetries()));
        });
        spec.presignedUrlConfig()
                .ifPresent(p -> out.putObject("presignedUrlConfig")
                        .put("roleArn", p.roleArn())
                        .put("expiresInSec", p.expiresIn().getSeconds()));
    }

    /** One entry of ListJobs. */
    ObjectNode jobSummary(JobInfo job) {
        ObjectNode s = Json.NODES
                .objectNode()
                .put("jobArn", arns.job(job.jobId()))
                .put("jobId", job.jobId())
                .put("targetSelection", job.spec().targetSelection().name())
                .put("status", job.status().name())
                .put("createdAt", job.createdAt().getEpochSecond())
                .put("lastUpdatedAt", job.lastUpdatedAt().getEpochSecond());
        job.completedAt().ifPresent(t -> s.put("completedAt", t.getEpochSecond()));
        s.put("isConcurrent", false);
        return s;
    }

    /** A {@code jobExecutionSummary} of the list operations. */
    ObjectNode executionSummary(JobExecutionData e, OptionalInt retryAttempt) {
        ObjectNode s = Json.NODES.objectNode();
        retryAttempt.ifPresent(n -> s.put("retryAttempt", n));
        e.rawStatus().ifPresent(v -> s.put("status", v));
        e.queuedAt().ifPresent(t -> s.put("queuedAt", t.getEpochSecond()));
        e.startedAt().ifPresent(t -> s.put("startedAt", t.getEpochSecond()));
        e.lastUpdatedAt().ifPresent(t -> s.put("lastUpdatedAt", t.getEpochSecond()));
        e.executionNumber().ifPresent(n -> s.put("executionNumber", n));
        return s;
    }

    /** The {@code execution} of DescribeJobExecution. */
    ObjectNode execution(String thingName, JobExecutionData e) {
        ObjectNode out = Json.NODES.objectNode();
        out.put("jobId", e.jobId());
        e.rawStatus().ifPresent(s -> out.put("status", s));
        ObjectNode details = out.putObject("statusDetails").putObject("detailsMap");
        e.statusDetails().ifPresent(map -> map.forEach(details::put));
        out.put("thingArn", arns.thing(thingName));
        e.queuedAt().ifPresent(t -> out.put("queuedAt", t.getEpochSecond()));
        e.startedAt().ifPresent(t -> out.put("startedAt", t.getEpochSecond()));
        e.lastUpdatedAt().ifPresent(t -> out.put("lastUpdatedAt", t.getEpochSecond()));
        e.executionNumber().ifPresent(n -> out.put("executionNumber", n));
        e.versionNumber().ifPresent(n -> out.put("versionNumber", n));
        e.approximateSecondsBeforeTimedOut().ifPresent(n -> out.put("approximateSecondsBeforeTimedOut", n));
        return out;
    }
}
