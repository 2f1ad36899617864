package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Namespaced jobs notify on the namespace's topics. */
class NamespaceTest extends ServiceTestBase {

    @Test
    void aNamespacedJobsEventsGoToTheNamespacesTopicsAndListOnlyItsExecutions() {
        RawDevice dev = device("d1");

        control()
                .createJob(JobSpec.builder("deploy")
                        .targets("d1")
                        .namespaceId("aws-gg-deployment")
                        .build());

        JsonNode notify = dev.expect("notify-namespace-aws-gg-deployment");
        assertThat(notify.path("jobs").path("QUEUED").get(0).path("jobId").asText())
                .isEqualTo("deploy");
        assertThat(dev.expect("notify-next-namespace-aws-gg-deployment")
                        .path("execution")
                        .path("jobId")
                        .asText())
                .isEqualTo("deploy");

        createJob("plain", "d1");

        JsonNode plain = dev.expect("notify");
        assertThat(plain.path("jobs").path("QUEUED")).hasSize(1);
        assertThat(plain.path("jobs").path("QUEUED").get(0).path("jobId").asText())
                .isEqualTo("plain");
        assertThat(dev.expect("notify-next").path("execution").path("jobId").asText())
                .isEqualTo("plain");
        assertThat(dev.request("get", "{}").json.path("queuedJobs"))
                .as("requests see every job")
                .hasSize(2);
    }

    @Test
    void aBadNamespaceIsRefused() {
        assertThatThrownBy(() -> control()
                        .createJob(JobSpec.builder("j")
                                .targets("d1")
                                .namespaceId("a/b")
                                .build()))
                .hasMessageStartingWith("namespaceId:");
    }

    @Test
    void theHttpApiTakesAndShowsTheNamespace() {
        try (HttpControlApi api = HttpControlApi.start(service, 0)) {
            ControlHttp http = new ControlHttp(api.uri());
            http.ok("PUT", "/jobs/j1", "{'targets':['d1'],'document':'{}','namespaceId':'ns1'}");
            assertThat(http.ok("GET", "/jobs/j1", null)
                            .path("job")
                            .path("namespaceId")
                            .asText())
                    .isEqualTo("ns1");
        }
    }
}
