package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.ARN;
import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** UpdateJob, CancelJobExecution with status details and job templates with document parameters. */
class TemplatesAndUpdatesTest extends ServiceTestBase {

    private static final JobDocument TEMPLATE_DOC = JobDocument.parse(
            "{\"operation\":\"install\",\"url\":\"${aws:iot:parameter:url}\",\"note\":\"v${aws:iot:parameter:v}\"}");

    @Test
    void updateJobChangesItsConfigurationButNothingElse() {
        control()
                .createJob(JobSpec.builder("fw")
                        .targets("d1", "d2", "d3")
                        .rolloutConfig(RolloutConfig.perMinute(1))
                        .build());

        JobInfo updated = control()
                .updateJob("fw", spec -> spec.description("faster").rolloutConfig(RolloutConfig.perMinute(10)));
        clock.advance(Duration.ofMinutes(1));

        assertThat(updated.description()).contains("faster");
        assertThat(control().listJobExecutionsForJob("fw")).as("the new rate").hasSize(3);
        assertThatThrownBy(() -> control().updateJob("fw", spec -> spec.targets("d4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UpdateJob changes only");
        assertThatThrownBy(() -> control().updateJob("fw", spec -> spec.rolloutConfig(RolloutConfig.perMinute(0))))
                .hasMessageStartingWith("jobExecutionsRolloutConfig.maximumPerMinute:");
        assertThat(control().describeJob("fw").orElseThrow().spec().rolloutConfig())
                .contains(RolloutConfig.perMinute(10));
    }

    @Test
    void cancelJobExecutionSetsTheStatusDetailsTheDeviceThenReads() {
        createJob("fw", "d1");
        RawDevice dev = device("d1");

        assertThatThrownBy(() -> control().cancelJobExecution("d1", "fw", false, OptionalLong.of(7), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("expectedVersion:");
        control().cancelJobExecution("d1", "fw", false, OptionalLong.of(1), Optional.of(Map.of("reason", "recall")));

        JsonNode execution = dev.request("fw/get", "{}").json.path("execution");
        assertThat(execution.path("status").asText()).isEqualTo("CANCELED");
        assertThat(execution.path("statusDetails").path("reason").asText()).isEqualTo("recall");
    }

    @Test
    void aJobFromATemplateTakesItsDocumentWithTheParametersAndItsConfigurations() {
        control()
                .createJobTemplate(new JobTemplate(
                        "fw-template",
                        Optional.of("firmware"),
                        TEMPLATE_DOC,
                        Optional.of(Duration.ofMinutes(30)),
                        Optional.of(RetryConfig.of(RetryConfig.FailureType.FAILED, 1)),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        RawDevice dev = device("d1");

        control()
                .createJob(JobSpec.builder("fw-2")
                        .targets("d1")
                        .jobTemplate("fw-template")
                        .documentParameters(Map.of("url", "https://example.com/a\"b", "v", "2"))
                        .build());

        JsonNode document = dev.request("fw-2/get", "{}").json.path("execution").path("jobDocument");
        assertThat(document).isEqualTo(json("{'operation':'install','url':'https://example.com/a\\\"b','note':'v2'}"));
        JobInfo job = control().describeJob("fw-2").orElseThrow();
        assertThat(job.inProgressTimeout()).contains(Duration.ofMinutes(30));
        assertThat(job.spec().retryConfig()).isPresent();
        assertThat(job.description()).contains("firmware");
    }

    @Test
    void badTemplateUseIsRefusedNamingTheField() {
        control().createJobTemplate(JobTemplate.of("t", TEMPLATE_DOC));
        assertThatThrownBy(() -> control().createJobTemplate(JobTemplate.of("t", TEMPLATE_DOC)))
                .hasMessageStartingWith("jobTemplateId:");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .jobTemplate("nope")
                                .build()))
                .hasMessageStartingWith("jobTemplateArn: no job template");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .jobTemplate("t")
                                .documentParameters(Map.of("url", "u"))
                                .build()))
                .hasMessageContaining("no parameter v is given");
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .jobTemplate("t")
                                .documentParameters(Map.of("url", "u", "v", "1", "extra", "x"))
                                .build()))
                .hasMessageStartingWith("documentParameters.extra:");
        assertThat(control().listJobs()).isEmpty();
        control().deleteJobTemplate("t");
        assertThat(control().listJobTemplates()).isEmpty();
    }

    @Test
    void theHttpApiHasUpdateJobCancelWithDetailsAndTemplates() {
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            JsonNode created = http.ok(
                    "PUT",
                    "/job-templates/t1",
                    "{'document':'{\\\"url\\\":\\\"${aws:iot:parameter:"
                            + "url}\\\"}','description':'tmpl','timeoutConfig':{'inProgressTimeoutInMinutes':5}}");
            assertThat(created.path("jobTemplateArn").asText()).isEqualTo(ARN + "jobtemplate/t1");
            assertError(
                    http.call("PUT", "/job-templates/t1", "{'document':'{}'}"),
                    409,
                    "ConflictException",
                    "jobTemplateId:");
            JsonNode described = http.ok("GET", "/job-templates/t1", null);
            assertThat(described
                            .path("timeoutConfig")
                            .path("inProgressTimeoutInMinutes")
                            .asInt())
                    .isEqualTo(5);
            assertThat(http.ok("GET", "/job-templates", null).path("jobTemplates"))
                    .hasSize(1);

            http.ok(
                    "PUT",
                    "/jobs/j1",
                    "{'targets':['d1'],'jobTemplateArn':'" + ARN + "jobtemplate/t1',"
                            + "'documentParameters':{'url':'https://x'}}");
            assertThat(http.ok("GET", "/jobs/j1/job-document", null)
                            .path("document")
                            .asText())
                    .isEqualTo("{\"url\":\"https://x\"}");
            http.ok(
                    "PATCH",
                    "/jobs/j1",
                    "{'description':'new','jobExecutionsRetryConfig':{'criteriaList':"
                            + "[{'failureType':'ALL','numberOfRetries':2}]}}");
            assertThat(http.ok("GET", "/jobs/j1", null)
                            .path("job")
                            .path("description")
                            .asText())
                    .isEqualTo("new");

            assertError(
                    http.call("PUT", "/things/d1/jobs/j1/cancel", "{'statusDetails':{'n':1}}"),
                    400,
                    "InvalidRequestException",
                    "statusDetails.n:");
            http.ok("PUT", "/things/d1/jobs/j1/cancel", "{'expectedVersion':1,'statusDetails':{'why':'test'}}");
            assertThat(control().describeJobExecution("d1", "j1").orElseThrow().statusDetails())
                    .contains(Map.of("why", "test"));
            assertThat(control().describeJobExecution("d1", "j1").orElseThrow().status())
                    .contains(JobStatus.CANCELED);
            http.ok("DELETE", "/job-templates/t1", null);
            assertError(
                    http.call("GET", "/job-templates/t1", null), 404, "ResourceNotFoundException", "jobTemplateId:");
        }
    }
}
