package io.iotjobs.internal.agent.devclient;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobContext;
import io.iotjobs.agent.JobResult;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.internal.agent.Durations;
import io.iotjobs.internal.agent.StatusDetails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job execution of a Device Client document: checks every step before any runs (a refusal rejects the
 * job), then runs the steps in order (a failure stops them unless the step ignores failures; the final step
 * runs only when no step failed), each with its time limit, reporting each step as progress and writing a
 * checkpoint before it, so that after a restart (a reboot step, say) the job resumes at that step.
 */
public final class DcRun {

    /** The status-details key of the standard output's tail (the Device Client's spelling). */
    public static final String STDOUT_KEY = "stdout";
    /** The status-details key of the standard error's tail (the Device Client's spelling). */
    public static final String STDERR_KEY = "stderr";
    /** The progress key naming the step that runs. */
    public static final String STEP_KEY = "step";
    /** The progress key with the outcome of the last step. */
    public static final String STEP_RESULT_KEY = "stepResult";

    private static final Logger LOG = LoggerFactory.getLogger(DcRun.class);
    private static final Pattern CHECKPOINT = Pattern.compile("step (\\d+)/(\\d+) .*");
    private static final int TAIL = 4096;
    private static final int VALUE_LENGTH = JobsLimits.DEFAULT.maxStatusDetailValueLength();

    private final DcSettings settings;
    private final JobContext context;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();

    /**
     * A run of the context's document.
     *
     * @param settings the handler's settings
     * @param context the job
     */
    public DcRun(DcSettings settings, JobContext context) {
        this.settings = settings;
        this.context = context;
    }

    /**
     * Runs the job.
     *
     * @return REJECTED for a document or step the agent refuses (nothing ran), FAILED with the step and why,
     *     or SUCCEEDED
     */
    public JobResult run() {
        DcDocument document;
        try {
            document = DcParser.parse(context.document());
        } catch (IllegalArgumentException e) {
            return JobResult.rejected("job document: " + e.getMessage());
        }
        List<DcDocument.Step> all = document.allSteps();
        List<List<String>> argvs = new ArrayList<>();
        try {
            for (int i = 0; i < all.size(); i++) {
                argvs.add(settings.guard().argv(all.get(i), label(i, all)));
            }
        } catch (StepRefused refused) {
            LOG.warn("job {}: refused: {}", context.jobId(), refused.getMessage());
            return JobResult.rejected(refused.getMessage());
        }
        Path work = workDirectory();
        int first = resumeIndex(all.size());
        String failure = null;
        int failed = 0;
        for (int i = first; i < all.size() && !context.isCancelled(); i++) {
            if (i == document.steps().size() && failure != null) {
                break;
            }
            DcDocument.Step step = all.get(i);
            String problem = runStep(i, all, argvs.get(i), work, i == first && context.isResumed());
            if (problem != null) {
                failed++;
                if (!step.ignoreStepFailure()) {
                    failure = label(i, all) + " " + problem;
                    break;
                }
            }
        }
        if (!context.cancellationReason()
                .filter(CancellationReason.AGENT_CLOSING::equals)
                .isPresent()) {
            deleteQuietly(work);
        }
        return result(document, failure, all.size() - first, failed);
    }

    /** Runs one step; returns why it failed, or {@code null} when it succeeded. */
    private String runStep(int index, List<DcDocument.Step> all, List<String> argv, Path work, boolean resumed) {
        DcDocument.Step step = all.get(index);
        String position = (index + 1) + "/" + all.size() + " " + step.name();
        context.checkpoint("step " + position);
        context.progress(Map.of(STEP_KEY, position));
        Map<String, String> environment = new LinkedHashMap<>(settings.environment());
        environment.put("IOTJOBS_THING_NAME", context.thingName());
        environment.put("IOTJOBS_JOB_ID", context.jobId());
        environment.put("IOTJOBS_EXECUTION_NUMBER", Long.toString(context.executionNumber()));
        environment.put("IOTJOBS_STEP", position);
        environment.put("IOTJOBS_WORK_DIR", work.toString());
        environment.put("IOTJOBS_RESUMED", Boolean.toString(resumed));
        OutputTail out = new OutputTail(TAIL);
        OutputTail err = new OutputTail(TAIL);
        LOG.info("job {}: {} {}", context.jobId(), label(index, all), argv);
        ProcessRunner.Result result =
                settings.runner().run(argv, environment, work, settings.stepTimeLimit(), out, err);
        keep(stdout, out.text());
        keep(stderr, err.text());
        String problem = judge(step, result, err.lines());
        context.progress(Map.of(
                STEP_KEY,
                position,
                STEP_RESULT_KEY,
                problem == null
                        ? "succeeded"
                        : (step.ignoreStepFailure() ? "failed (ignored): " : "failed: ") + problem));
        return problem;
    }

    private String judge(DcDocument.Step step, ProcessRunner.Result result, long stderrLines) {
        switch (result.ending()) {
            case NOT_STARTED:
                return "could not start: " + result.error();
            case TIME_LIMIT:
                return "ran past its time limit of " + Durations.human(settings.stepTimeLimit()) + " and was stopped";
            case STOPPED:
                return "was stopped";
            default:
                if (result.exitCode() != 0) {
                    return "exited with status " + result.exitCode();
                }
                if (step.allowStdErr() != null && stderrLines > step.allowStdErr()) {
                    return "wrote " + stderrLines + " lines to standard error, more than the " + step.allowStdErr()
                            + " allowed";
                }
                return null;
        }
    }

    private JobResult result(DcDocument document, String failure, int ran, int failed) {
        Map<String, String> details = new LinkedHashMap<>();
        String err = StatusDetails.tail(stderr, VALUE_LENGTH);
        if (err != null) {
            details.put(STDERR_KEY, err);
        }
        String out = document.includeStdOut() ? StatusDetails.tail(stdout, VALUE_LENGTH) : null;
        if (out != null) {
            details.put(STDOUT_KEY, out);
        }
        if (failure != null) {
            return JobResult.failed(failure, details);
        }
        details.put("steps", ran + " run" + (failed > 0 ? ", " + failed + " failed (ignored)" : ", all succeeded"));
        return JobResult.succeeded(details);
    }

    /** The step to start at: the one the last checkpoint names when the job resumes, else the first. */
    private int resumeIndex(int total) {
        Matcher m = CHECKPOINT.matcher(context.resumedFrom().orElse(""));
        if (m.matches() && Integer.parseInt(m.group(2)) == total) {
            int index = Integer.parseInt(m.group(1)) - 1;
            if (index >= 0 && index < total) {
                LOG.info("job {}: resuming at step {}", context.jobId(), index + 1);
                return index;
            }
        }
        return 0;
    }

    private Path workDirectory() {
        Path work = settings.workDirectory()
                .resolve(safe(context.thingName()))
                .resolve(safe(context.jobId()) + "." + context.executionNumber());
        try {
            Files.createDirectories(work);
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job's work directory " + work, e);
        }
    }

    private static String safe(String name) {
        return name.replace(':', '_');
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot delete {}: {}", directory, e.toString());
        }
    }

    private static void keep(StringBuilder all, String more) {
        all.append(more);
        if (all.length() > TAIL) {
            all.delete(0, all.length() - TAIL);
        }
    }

    private static String label(int index, List<DcDocument.Step> all) {
        return "step " + (index + 1) + "/" + all.size() + " \"" + all.get(index).name() + "\"";
    }
}
