package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.EmbeddedBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demonstration runs and every job ends as it says. */
class AgentDemoIT {

    @Test
    void theDemoRunsEveryKindOfEnding() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<io.iotjobs.agent.JobOutcome> outcomes =
                AgentDemo.run(EmbeddedBroker.shared(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(outcomes)
                .extracting(io.iotjobs.agent.JobOutcome::jobId)
                .containsExactly("copy-1", "fail-2", "format-3", "wait-4", "copy-5");
        assertThat(outcomes)
                .extracting(outcome -> outcome.status().orElse(null))
                .containsExactly(
                        JobStatus.SUCCEEDED,
                        JobStatus.FAILED,
                        JobStatus.REJECTED,
                        JobStatus.CANCELED,
                        JobStatus.SUCCEEDED);
        assertThat(outcomes.get(3).cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcomes.get(0).statusDetails())
                .containsEntry("files", "3")
                .containsEntry(JobResult.OUTPUT_KEY, "copied file 1\u21b5copied file 2\u21b5copied file 3");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("canceling wait-4 at the service");
    }

    @Test
    void theAgentCommandRunsTheDemoAndExitsZero() {
        Run run = Run.of("agent");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("canceling wait-4 at the service", "every job ended as expected");
    }
}
