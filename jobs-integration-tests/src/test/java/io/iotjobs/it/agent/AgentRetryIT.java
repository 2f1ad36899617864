package io.iotjobs.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.AgentListener;
import io.iotjobs.agent.JobOutcome;
import io.iotjobs.agent.JobResult;
import io.iotjobs.agent.JobsAgent;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsExtension;
import io.iotjobs.testkit.RetryConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent (through its public API only) against a job with a retry configuration: each failed attempt comes
 * back as a new execution, which the agent runs again and reports once.
 */
class AgentRetryIT {

    @RegisterExtension
    static LocalJobsExtension jobs = LocalJobsExtension.create();

    @Test
    void aFailedJobThatIsRetriedRunsAgainAndIsReportedOncePerAttempt() throws Exception {
        String thing = jobs.uniqueThingName("agent-retry");
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Long> runs = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(3);
        AtomicInteger attempt = new AtomicInteger();
        JobsAgent agent = JobsAgent.builder(jobs.newConnection(thing), thing)
                .on("operation", "flaky", context -> {
                    runs.add(context.execution().executionNumber().orElseThrow());
                    return attempt.incrementAndGet() < 3
                            ? JobResult.failed("attempt " + attempt.get())
                            : JobResult.succeeded();
                })
                .listener(new AgentListener() {
                    @Override
                    public void onStatusReported(
                            String jobId, long executionNumber, JobStatus status, Map<String, String> statusDetails) {
                        if (status.isTerminal()) {
                            reports.add(executionNumber + " " + status);
                        }
                    }

                    @Override
                    public void onJobFinished(JobOutcome outcome) {
                        finished.countDown();
                    }
                })
                .build();
        try {
            agent.start().get(30, TimeUnit.SECONDS);
            jobs.control()
                    .createJob(JobSpec.builder("flaky")
                            .targets(thing)
                            .document(JobDocument.of(Map.of("operation", "flaky")))
                            .retryConfig(RetryConfig.of(RetryConfig.FailureType.FAILED, 2))
                            .build());

            assertThat(finished.await(30, TimeUnit.SECONDS))
                    .as("three attempts finished")
                    .isTrue();
        } finally {
            agent.close();
        }
        assertThat(runs).containsExactly(1L, 2L, 3L);
        assertThat(reports).containsExactly("1 FAILED", "2 FAILED", "3 SUCCEEDED");
        assertThat(jobs.control().retryAttempt(thing, "flaky", 3)).hasValue(2);
        assertThat(jobs.control()
                        .describeJobExecution(thing, "flaky")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.SUCCEEDED);
    }
}
