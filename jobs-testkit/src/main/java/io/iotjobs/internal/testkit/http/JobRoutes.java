package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.internal.testkit.ControlError;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.testkit.JobInfo;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobsControl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job operations of the AWS IoT control plane: CreateJob, CancelJob, DeleteJob, DescribeJob,
 * GetJobDocument, ListJobs, ListJobExecutionsForJob (paths and JSON of the AWS IoT API reference,
 * https://docs.aws.amazon.com/iot/latest/apireference/API_Operations_AWS_IoT.html).
 */
final class JobRoutes {

    private static final Set<String> JOB_STATUSES =
            Set.of("IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS", "SCHEDULED");
    /** CreateJob fields for features the local service does not have: refused rather than ignored. */
    private static final List<String> UNSUPPORTED_CREATE_FIELDS =
            List.of("documentSource", "destinationPackageVersions");

    private final JobsControl control;
    private final Arns arns;
    private final Renderer render;

    JobRoutes(JobsControl control, Arns arns, Renderer render) {
        this.control = control;
        this.arns = arns;
        this.render = render;
    }

    void addTo(Router router) {
        router.add("GET", "jobs", "ListJobs", this::listJobs)
                .add("PUT", "jobs/{jobId}", "CreateJob", this::createJob)
                .add("PATCH", "jobs/{jobId}", "UpdateJob", this::updateJob)
                .add("GET", "jobs/{jobId}", "DescribeJob", this::describeJob)
                .add("DELETE", "jobs/{jobId}", "DeleteJob", this::deleteJob)
                .add("PUT", "jobs/{jobId}/cancel", "CancelJob", this::cancelJob)
                .add("POST", "jobs/{jobId}/targets", "AssociateTargetsWithJob", this::associateTargets)
                .add("GET", "jobs/{jobId}/things", "ListJobExecutionsForJob", this::listJobExecutionsForJob)
                .add("GET", "jobs/{jobId}/job-document", "GetJobDocument", this::getJobDocument);
    }

    private JsonNode createJob(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        Body body = Body.of(call.body());
        for (String field : UNSUPPORTED_CREATE_FIELDS) {
            if (body.has(field)) {
                throw ApiError.invalid(field + ": not supported by the local Jobs service");
            }
        }
        JobSpec.Builder spec = JobSpec.builder(jobId);
        String template = body.text("jobTemplateArn");
        if (template != null) {
            spec.jobTemplate(Arns.name("jobTemplateArn", template, "jobtemplate"));
            if (body.has("document")) {
                spec.document(document(body.raw("document")));
            }
        } else {
            spec.document(document(body.raw("document")));
        }
        Map<String, String> parameters = body.stringMap("documentParameters");
        if (parameters != null) {
            spec.documentParameters(parameters);
        }
        targets(body.raw("targets"), spec);
        Configs.updatable(body, spec);
        Configs.scheduling(body.object("schedulingConfig")).ifPresent(spec::schedulingConfig);
        String namespace = body.text("namespaceId");
        if (namespace != null) {
            spec.namespaceId(namespace);
        }
        String selection = body.text("targetSelection");
        if (selection != null) {
            spec.targetSelection(Enums.parse(JobSpec.TargetSelection.class, body.name("targetSelection"), selection));
        }
        JobInfo created;
        try {
            created = control.createJob(spec.build());
        } catch (IllegalArgumentException e) {
            if (ControlError.of(e) == ControlError.ALREADY_EXISTS) {
                throw new ApiError(
                        ApiError.Type.RESOURCE_ALREADY_EXISTS,
                        e.getMessage(),
                        Map.of("resourceId", jobId, "resourceArn", arns.job(jobId)));
            }
            throw e;
        }
        return render.jobReference(created);
    }

    private JsonNode cancelJob(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        boolean force = Fields.force(call);
        Body body = Body.of(call.body());
        control.cancelJob(
                jobId, force, Optional.ofNullable(body.text("reasonCode")), Optional.ofNullable(body.text("comment")));
        return render.jobReference(requireJob(jobId));
    }

    private JsonNode updateJob(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        Body body = Body.of(call.body());
        control.updateJob(jobId, spec -> Configs.updatable(body, spec));
        return null;
    }

    private JsonNode associateTargets(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        Body body = Body.of(call.body());
        List<String> arns = body.texts("targets");
        if (arns == null) {
            throw ApiError.invalid("targets: required, a list of thing group ARNs");
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < arns.size(); i++) {
            groups.add(Arns.name("targets[" + i + "]", arns.get(i), "thinggroup"));
        }
        return render.jobReference(
                control.associateTargetsWithJob(jobId, groups, Optional.ofNullable(body.text("comment"))));
    }

    private JsonNode deleteJob(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        control.deleteJob(jobId, Fields.force(call));
        return null;
    }

    private JsonNode describeJob(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        JobInfo job = requireJob(jobId);
        ObjectNode answer = Json.NODES.objectNode();
        answer.set("job", render.job(job, control.listJobExecutionsForJob(jobId)));
        return answer;
    }

    private JsonNode getJobDocument(HttpCall call) {
        JobInfo job = requireJob(Fields.jobId(call.param("jobId")));
        return Json.NODES.objectNode().put("document", job.document().toJson());
    }

    private JsonNode listJobs(HttpCall call) {
        String status = Fields.statusFilter(call, JOB_STATUSES);
        List<JobInfo> jobs = new ArrayList<>();
        for (String id : control.listJobs()) {
            control.describeJob(id).ifPresent(jobs::add);
        }
        jobs.sort(Comparator.comparing(JobInfo::createdAt).thenComparing(JobInfo::jobId));
        List<ObjectNode> summaries = new ArrayList<>();
        for (JobInfo job : jobs) {
            if (status == null || job.status().name().equals(status)) {
                summaries.add(render.jobSummary(job));
            }
        }
        return Fields.page(summaries, "jobs", call);
    }

    private JsonNode listJobExecutionsForJob(HttpCall call) {
        String jobId = Fields.jobId(call.param("jobId"));
        String status = Fields.statusFilter(call, Renderer.EXECUTION_STATUSES);
        List<ObjectNode> summaries = new ArrayList<>();
        for (JobExecutionData e : control.listJobExecutionsForJob(jobId)) {
            if (status == null || status.equals(e.rawStatus().orElse(null))) {
                ObjectNode s = Json.NODES
                        .objectNode()
                        .put("thingArn", arns.thing(e.thingName().orElse("")));
                s.set(
                        "jobExecutionSummary",
                        render.executionSummary(
                                e,
                                control.retryAttempt(
                                        e.thingName().orElse(""),
                                        jobId,
                                        e.executionNumber().orElse(0))));
                summaries.add(s);
            }
        }
        return Fields.page(summaries, "executionSummaries", call);
    }

    private JobInfo requireJob(String jobId) {
        return control.describeJob(jobId).orElseThrow(() -> ApiError.notFound("jobId: no job named " + jobId));
    }

    /** The targets of CreateJob: thing ARNs or plain thing names, and thing group ARNs. */
    private static void targets(JsonNode node, JobSpec.Builder spec) {
        if (node == null || node.isNull()) {
            throw ApiError.invalid("targets: required, a list of thing or thing group ARNs (or thing names)");
        }
        if (!node.isArray()) {
            throw ApiError.invalid("targets: must be a list of thing or thing group ARNs, got " + node.getNodeType());
        }
        if (node.isEmpty()) {
            throw ApiError.invalid("targets: at least one target is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "targets[" + i + "]";
            JsonNode target = node.get(i);
            if (!target.isTextual()) {
                throw ApiError.invalid(field + ": must be a thing or thing group ARN, got " + target.getNodeType());
            }
            String text = target.asText();
            String[] arn = text.startsWith("arn:") ? Arns.parse(text) : new String[] {"thing", text};
            if (arn == null || !arn[0].equals("thing") && !arn[0].equals("thinggroup")) {
                throw ApiError.invalid(field + ": not a thing ARN (arn:aws:iot:<region>:<account>:thing/<name>) or"
                        + " thing group ARN (...:thinggroup/<name>), got " + text);
            }
            Fields.checked(() -> Validation.thingName(field, arn[1]));
            if (!seen.add(arn[0] + "/" + arn[1])) {
                throw ApiError.invalid(field + ": duplicate target " + text);
            }
            if (arn[0].equals("thing")) {
                spec.targets(arn[1]);
            } else {
                spec.targetGroups(arn[1]);
            }
        }
    }

    /** The {@code document} of CreateJob and CreateJobTemplate: the JSON document as a string. */
    static JobDocument document(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.invalid("document: required (documentSource is not supported by the local Jobs service)");
        }
        if (!node.isTextual()) {
            throw ApiError.invalid("document: must be a string holding the JSON document (the control plane takes"
                    + " the document as text), got " + node.getNodeType());
        }
        try {
            return JobDocument.parse(node.asText());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            int colon = message.indexOf(": ");
            throw ApiError.invalid("document: " + (colon >= 0 ? message.substring(colon + 2) : message));
        }
    }
}
