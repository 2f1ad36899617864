package io.iotjobs.agent;

import io.iotjobs.internal.agent.Checks;
import io.iotjobs.internal.agent.devclient.DcParser;
import io.iotjobs.internal.agent.devclient.DcRun;
import io.iotjobs.internal.agent.devclient.DcSettings;
import io.iotjobs.internal.agent.devclient.HandlerScripts;
import io.iotjobs.internal.agent.devclient.Privileges;
import io.iotjobs.internal.agent.devclient.ProcessRunner;
import io.iotjobs.internal.agent.devclient.StepGuard;
import io.iotjobs.model.JobDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A built-in {@link JobHandler} for the job documents of the AWS IoT Device Client: the steps schema
 * ({@code "version": "1.0"}, {@code steps} and {@code finalStep} of {@code runHandler} or {@code runCommand}
 * actions) and the older {@code operation} schema, and so the documents of the AWS managed job templates
 * (AWS-Download-File, AWS-Install-Application, AWS-Reboot, AWS-Remove-Application, AWS-Restart-Application,
 * AWS-Run-Command, AWS-Start-Application, AWS-Stop-Application).
 *
 * <pre>{@code
 * DeviceClientJobs.installStandardHandlers(Path.of("/opt/my-device/handlers"));   // once, at setup
 * JobsAgent agent = JobsAgent.builder(connection, "dev-1")
 *     .deviceClientJobs(DeviceClientJobs.builder(Path.of("/opt/my-device/handlers")).build())
 *     .build();
 * }</pre>
 *
 * <h2>What it runs</h2>
 * Steps run in order, each as a process started from an argument vector (never through a shell), with
 * standard input from {@code /dev/null}, in a working directory of the execution's own, with a time limit per
 * step ({@link Builder#stepTimeLimit}). A failed step stops the job unless it has
 * {@code "ignoreStepFailure": "true"}; the {@code finalStep} runs only when no step failed. A
 * {@code runHandler} step starts {@code <handler directory>/<handler>} with the step's {@code runAsUser} as its
 * first argument (an empty string when there is none) and then the step's {@code args}, as the Device Client
 * does. A step fails when it exits with a status other than 0, runs past its time limit, or (older schema)
 * writes more lines to standard error than {@code allowStdErr} (default 0). The job is reported FAILED with
 * the step and the reason, or SUCCEEDED; the last 1,024 characters of standard error go with it under
 * {@code stderr}, and of standard output under {@code stdout} when the document sets {@code includeStdOut}.
 * Each step is reported as progress (key {@code step}, then {@code stepResult}).
 *
 * <h2>Security</h2>
 * A document the handler refuses is REJECTED with the reason, and nothing of it runs:
 * <ul>
 *   <li>a handler is taken only from the configured directories, by a bare file name; a {@code path} must be
 *       one of those directories (absent, empty or {@code "default"} means all of them, in order);</li>
 *   <li>a handler must have the permissions the Device Client requires, {@code 700}, and, like its directory,
 *       belong to the agent's user or root; the directory must not be writable by others;</li>
 *   <li>{@code runCommand} steps (arbitrary commands) run only after {@link Builder#runCommands(boolean)};</li>
 *   <li>a {@code runAsUser} other than the agent's own user is honoured only when the agent runs as root
 *       ({@code runuser}, else {@code sudo -n}, switches the user of a {@code runCommand}; a handler is given
 *       the user as its first argument and switches itself, as the Device Client's handlers do).</li>
 * </ul>
 *
 * <h2>Restarts</h2>
 * Before each step the handler writes a checkpoint ({@code step 2/3 <name>}); an agent that resumes the
 * execution after a restart starts again at that step, with {@code IOTJOBS_RESUMED=true} in the step's
 * environment. That is how a reboot step completes: the standard {@code reboot.sh} remembers the boot it
 * started from in {@code IOTJOBS_WORK_DIR}, and succeeds when it runs again after the device came back. The
 * step's environment also has {@code IOTJOBS_THING_NAME}, {@code IOTJOBS_JOB_ID},
 * {@code IOTJOBS_EXECUTION_NUMBER} and {@code IOTJOBS_STEP}.
 *
 * <p><b>Threads.</b> {@link #handle(JobContext)} runs on the agent's handler thread and blocks while the
 * steps run; when the job is told to stop, the running step's whole process tree is killed (SIGTERM, then
 * SIGKILL after {@link Builder#killGracePeriod}). Instances are immutable and thread-safe.
 */
public final class DeviceClientJobs implements JobHandler {

    private final DcSettings settings;
    private final Duration jobTimeLimit;

    private DeviceClientJobs(DcSettings settings, Duration jobTimeLimit) {
        this.settings = settings;
        this.jobTimeLimit = jobTimeLimit;
    }

    /**
     * A builder that takes handlers from a directory.
     *
     * @param handlerDirectory the first (or only) handler directory
     * @return the builder
     */
    public static Builder builder(Path handlerDirectory) {
        return new Builder(Objects.requireNonNull(handlerDirectory, "handlerDirectory"));
    }

    /**
     * Whether a document is a Device Client document (the agent passes only those to this handler): it has
     * {@code version} or {@code steps}, or a string {@code operation}. Register handlers of your own for
     * {@code operation} values before this one, so that they take those jobs first.
     *
     * @param document the job document
     * @return true if this handler takes it
     */
    public boolean accepts(JobDocument document) {
        return DcParser.isDeviceClientDocument(document);
    }

    /**
     * Runs the document's steps (see the class description).
     *
     * @param context the job
     * @return REJECTED with the reason when the document or a step is refused, else FAILED or SUCCEEDED
     */
    @Override
    public JobResult handle(JobContext context) {
        return new DcRun(settings, context).run();
    }

    /**
     * The time limit of a whole job of this handler, if one was set.
     *
     * @return the limit; empty for the agent's {@link JobsAgent.Builder#handlerTimeLimit(Duration)}
     */
    public Optional<Duration> jobTimeLimit() {
        return Optional.ofNullable(jobTimeLimit);
    }

    /**
     * The file names of the standard handlers {@link #installStandardHandlers(Path)} writes: download a file,
     * install and remove packages with the system's package manager, reboot, start, stop and restart services.
     *
     * @return the names, e.g. {@code download-file.sh}
     */
    public static List<String> standardHandlers() {
        return HandlerScripts.NAMES;
    }

    /**
     * Writes the standard handlers (POSIX shell scripts of this project) into a directory, creating it, with
     * the permissions the handler requires ({@code 700} for the directory and each script). Existing files of
     * the same names are replaced.
     *
     * @param directory the handler directory
     * @throws IOException if the files cannot be written
     */
    public static void installStandardHandlers(Path directory) throws IOException {
        HandlerScripts.install(directory);
    }

    @Override
    public String toString() {
        return "DeviceClientJobs";
    }

    /** Settings of a {@link DeviceClientJobs}; not thread-safe. */
    public static final class Builder {
        private final List<Path> directories = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean runCommands;
        private Duration stepTimeLimit = Duration.ofMinutes(30);
        private Duration killGrace = Duration.ofSeconds(5);
        private Duration jobTimeLimit;
        private Path workDirectory = Path.of(System.getProperty("user.home"), ".iotjobs", "agent-work");
        private Privileges privileges = Privileges.ofThisProcess();

        private Builder(Path first) {
            directories.add(first);
        }

        /**
         * Another handler directory, searched after the earlier ones.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder handlerDirectory(Path directory) {
            directories.add(Objects.requireNonNull(directory, "handlerDirectory"));
            return this;
        }

        /**
         * Whether {@code runCommand} steps may run (default false: such a job is REJECTED). A command runs
         * anything the agent's user may run; enable it only for fleets whose job authors you trust that far.
         *
         * @param enabled true to run commands
         * @return this builder
         */
        public Builder runCommands(boolean enabled) {
            this.runCommands = enabled;
            return this;
        }

        /**
         * How long one step may run before its process tree is killed and the job fails (default 30 minutes).
         *
         * @param limit a positive duration
         * @return this builder
         */
        public Builder stepTimeLimit(Duration limit) {
            this.stepTimeLimit = Checks.positive(limit, "stepTimeLimit");
            return this;
        }

        /**
         * How long a process tree being killed has between SIGTERM and SIGKILL (default 5 seconds).
         *
         * @param grace a positive duration
         * @return this builder
         */
        public Builder killGracePeriod(Duration grace) {
            this.killGrace = Checks.positive(grace, "killGracePeriod");
            return this;
        }

        /**
         * How long a whole job may run (default: the agent's handler time limit).
         *
         * @param limit a positive duration
         * @return this builder
         */
        public Builder jobTimeLimit(Duration limit) {
            this.jobTimeLimit = Checks.positive(limit, "jobTimeLimit");
            return this;
        }

        /**
         * Where each execution gets its working directory, kept across a restart of the agent until the job
         * ends (default {@code <user home>/.iotjobs/agent-work}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "workDirectory");
            return this;
        }

        /**
         * An environment variable for every step, besides the agent's own environment.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** For tests: what the agent's process may do. */
        Builder privileges(Privileges value) {
            this.privileges = Objects.requireNonNull(value, "privileges");
            return this;
        }

        /**
         * Creates the handler.
         *
         * @return the handler
         */
        public DeviceClientJobs build() {
            StepGuard guard = new StepGuard(directories, runCommands, privileges);
            return new DeviceClientJobs(
                    new DcSettings(
                            guard,
                            new ProcessRunner(killGrace),
                            environment,
                            workDirectory.toAbsolutePath().normalize(),
                            stepTimeLimit),
                    jobTimeLimit);
        }
    }
}
