package io.iotjobs.internal.agent.devclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of a Device Client document in order: failures that stop the job or are ignored, the final step,
 * standard error allowed or not, progress and checkpoints, resumption, and the report's details.
 */
class DcRunTest {

    @TempDir
    Path root;

    private Path handlers;
    private Path trace;

    @BeforeEach
    void handlers() throws Exception {
        handlers = Handlers.directory(root, "handlers");
        trace = root.resolve("trace");
        // every handler appends its name, its arguments and its step to the trace
        for (String name : List.of("a.sh", "b.sh", "final.sh")) {
            Handlers.write(
                    handlers,
                    name,
                    "echo \"" + name + " [$1] $2 $IOTJOBS_STEP resumed=$IOTJOBS_RESUMED\" >> " + trace
                            + "; echo out of " + name + "; exit ${2:-0}");
        }
        Handlers.write(handlers, "noisy.sh", "echo one >&2; echo two >&2; echo " + trace + " > /dev/null");
    }

    private JobResult run(FakeContext context) {
        DcSettings settings = new DcSettings(
                new StepGuard(List.of(handlers), false, FakePrivileges.unprivileged()),
                new ProcessRunner(Duration.ofSeconds(1)),
                Map.of(),
                root.resolve("work"),
                Duration.ofMinutes(1));
        return new DcRun(settings, context).run();
    }

    private List<String> trace() throws Exception {
        return Files.exists(trace) ? Files.readAllLines(trace, StandardCharsets.UTF_8) : List.of();
    }

    private static String step(String name, String handler, String exit, boolean ignore) {
        return "{'action':{'name':'" + name + "','type':'runHandler'," + (ignore ? "'ignoreStepFailure':'true'," : "")
                + "'input':{'handler':'" + handler + "','args':['" + exit + "']}}}";
    }

    private static String document(String finalStep, String... steps) {
        return "{'version':'1.0','includeStdOut':true,'steps':[" + String.join(",", steps) + "]"
                + (finalStep == null ? "" : ",'finalStep':" + finalStep) + "}";
    }

    @Test
    void stepsRunInOrderThenTheFinalStepAndEachIsReported() throws Exception {
        FakeContext context = new FakeContext(
                document(
                        step("Z", "final.sh", "0", false),
                        step("A", "a.sh", "0", false),
                        step("B", "b.sh", "0", false)),
                null);
        JobResult result = run(context);

        assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(trace())
                .containsExactly(
                        "a.sh [] 0 1/3 A resumed=false",
                        "b.sh [] 0 2/3 B resumed=false",
                        "final.sh [] 0 3/3 Z resumed=false");
        assertThat(result.details())
                .containsEntry("steps", "3 run, all succeeded")
                .containsEntry(DcRun.STDOUT_KEY, "out of a.sh\u21b5out of b.sh\u21b5out of final.sh");
        assertThat(context.checkpoints).containsExactly("step 1/3 A", "step 2/3 B", "step 3/3 Z");
        assertThat(context.progress)
                .contains(
                        Map.of(DcRun.STEP_KEY, "2/3 B"),
                        Map.of(DcRun.STEP_KEY, "3/3 Z", DcRun.STEP_RESULT_KEY, "succeeded"));
    }

    @Test
    void aFailedStepStopsTheJobAndTheFinalStepDoesNotRun() throws Exception {
        JobResult result = run(new FakeContext(
                document(
                        step("Z", "final.sh", "0", false),
                        step("A", "a.sh", "3", false),
                        step("B", "b.sh", "0", false)),
                null));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.reason()).contains("step 1/3 \"A\" exited with status 3");
        assertThat(trace()).containsExactly("a.sh [] 3 1/3 A resumed=false");
    }

    @Test
    void anIgnoredFailureLetsTheJobGoOnToTheFinalStep() throws Exception {
        FakeContext context = new FakeContext(
                document(
                        step("Z", "final.sh", "0", false), step("A", "a.sh", "4", true), step("B", "b.sh", "0", false)),
                null);
        JobResult result = run(context);

        assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.details()).containsEntry("steps", "3 run, 1 failed (ignored)");
        assertThat(trace()).hasSize(3);
        assertThat(context.progress)
                .contains(Map.of(
                        DcRun.STEP_KEY, "1/3 A", DcRun.STEP_RESULT_KEY, "failed (ignored): exited with status 4"));
    }

    @Test
    void aFailedFinalStepFailsTheJob() throws Exception {
        JobResult result =
                run(new FakeContext(document(step("Z", "final.sh", "5", false), step("A", "a.sh", "0", false)), null));
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.reason()).contains("step 2/2 \"Z\" exited with status 5");
    }

    @Test
    void theOperationSchemaCountsLinesOnStandardError() throws Exception {
        JobResult strict = run(new FakeContext("{'operation':'noisy.sh'}", null));
        assertThat(strict.status()).isEqualTo(JobStatus.FAILED);
        assertThat(strict.reason())
                .contains("step 1/1 \"noisy.sh\" wrote 2 lines to standard error, more than the 0 " + "allowed");
        assertThat(strict.details())
                .containsEntry(DcRun.STDERR_KEY, "one\u21b5two")
                .doesNotContainKey(DcRun.STDOUT_KEY);
        assertThat(run(new FakeContext("{'operation':'noisy.sh','allowStdErr':2}", null))
                        .status())
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aResumedJobStartsAgainAtTheStepOfItsCheckpoint() throws Exception {
        FakeContext context = new FakeContext(
                document(null, step("A", "a.sh", "0", false), step("B", "b.sh", "0", false)), "step 2/2 B");
        assertThat(run(context).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(trace()).containsExactly("b.sh [] 0 2/2 B resumed=true");
    }

    @Test
    void aRefusedStepRejectsTheJobAndNothingRuns() throws Exception {
        Handlers.write(handlers, "open.sh", "exit 0", "rwxrwxrwx");
        JobResult result = run(
                new FakeContext(document(null, step("A", "a.sh", "0", false), step("B", "open.sh", "0", false)), null));
        assertThat(result.status()).isEqualTo(JobStatus.REJECTED);
        assertThat(result.reason().orElseThrow())
                .startsWith("step 2/2 \"B\": handler ")
                .contains("has permissions 777");
        assertThat(trace()).as("not even the first step ran").isEmpty();

        JobResult bad = run(new FakeContext("{'version':'1.0','steps':[]}", null));
        assertThat(bad.status()).isEqualTo(JobStatus.REJECTED);
        assertThat(bad.reason()).contains("job document: steps: at least one step is required");
    }
}
