package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.testkit.ControlError;
import io.iotjobs.internal.testkit.Templates;
import io.iotjobs.testkit.JobInfo;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.JobTemplate;
import io.iotjobs.testkit.JobsControl;
import java.util.ArrayList;
import java.util.List;

/**
 * The job-template operations of the AWS IoT control plane: CreateJobTemplate (from a document or from a job's
 * ARN), DescribeJobTemplate, DeleteJobTemplate, ListJobTemplates (paths and JSON of the AWS IoT API reference,
 * https://docs.aws.amazon.com/iot/latest/apireference/API_CreateJobTemplate.html).
 */
final class TemplateRoutes {

    private final JobsControl control;
    private final Templates templates;
    private final Arns arns;
    private final Renderer render;

    TemplateRoutes(JobsControl control, Templates templates, Arns arns, Renderer render) {
        this.control = control;
        this.templates = templates;
        this.arns = arns;
        this.render = render;
    }

    void addTo(Router router) {
        router.add("GET", "job-templates", "ListJobTemplates", this::list)
                .add("PUT", "job-templates/{jobTemplateId}", "CreateJobTemplate", this::create)
                .add("GET", "job-templates/{jobTemplateId}", "DescribeJobTemplate", this::describe)
                .add("DELETE", "job-templates/{jobTemplateId}", "DeleteJobTemplate", this::delete);
    }

    private JsonNode create(HttpCall call) {
        String id = Fields.jobId(call.param("jobTemplateId"));
        Body body = Body.of(call.body());
        if (body.has("documentSource")) {
            throw ApiError.invalid("documentSource: not supported by the local Jobs service; give the document");
        }
        String jobArn = body.text("jobArn");
        JobSpec.Builder spec;
        if (jobArn != null) {
            if (body.has("document")) {
                throw ApiError.invalid("document: give either jobArn or document");
            }
            String jobId = Arns.name("jobArn", jobArn, "job");
            JobInfo job =
                    control.describeJob(jobId).orElseThrow(() -> ApiError.notFound("jobArn: no job named " + jobId));
            spec = job.spec().toBuilder();
        } else {
            spec = JobSpec.builder(id).document(JobRoutes.document(body.raw("document")));
        }
        Configs.updatable(body, spec);
        JobTemplate template = JobTemplate.from(id, spec.build());
        try {
            templates.create(template);
        } catch (IllegalArgumentException e) {
            if (ControlError.of(e) == ControlError.ALREADY_EXISTS) {
                throw new ApiError(ApiError.Type.CONFLICT, e.getMessage());
            }
            throw e;
        }
        return Json.NODES.objectNode().put("jobTemplateArn", arns.template(id)).put("jobTemplateId", id);
    }

    private JsonNode describe(HttpCall call) {
        String id = Fields.jobId(call.param("jobTemplateId"));
        Templates.Entry entry = templates
                .describe(id)
                .orElseThrow(() -> ApiError.notFound("jobTemplateId: no job template named " + id));
        JobTemplate t = entry.template();
        ObjectNode out =
                Json.NODES.objectNode().put("jobTemplateArn", arns.template(id)).put("jobTemplateId", id);
        t.description().ifPresent(d -> out.put("description", d));
        out.put("document", t.document().toJson())
                .put("createdAt", entry.createdAt().getEpochSecond());
        JobSpec.Builder asSpec = JobSpec.builder(id);
        t.inProgressTimeout().ifPresent(asSpec::inProgressTimeout);
        t.retryConfig().ifPresent(asSpec::retryConfig);
        t.abortConfig().ifPresent(asSpec::abortConfig);
        t.rolloutConfig().ifPresent(asSpec::rolloutConfig);
        t.presignedUrlConfig().ifPresent(asSpec::presignedUrlConfig);
        render.configs(asSpec.build(), out);
        return out;
    }

    private JsonNode delete(HttpCall call) {
        templates.delete(Fields.jobId(call.param("jobTemplateId")));
        return null;
    }

    private JsonNode list(HttpCall call) {
        List<ObjectNode> list = new ArrayList<>();
        for (Templates.Entry entry : templates.list()) {
            String id = entry.template().jobTemplateId();
            ObjectNode s = Json.NODES
                    .objectNode()
                    .put("jobTemplateArn", arns.template(id))
                    .put("jobTemplateId", id);
            entry.template().description().ifPresent(d -> s.put("description", d));
            s.put("createdAt", entry.createdAt().getEpochSecond());
            list.add(s);
        }
        return Fields.page(list, "jobTemplates", call);
    }
}
