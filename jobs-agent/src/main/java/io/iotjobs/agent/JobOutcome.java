package io.iotjobs.agent;

import io.iotjobs.model.JobStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one job execution ended for the agent, given to {@link AgentListener#onJobFinished(JobOutcome)}.
 *
 * <p>Exactly one of these holds: the agent reported the handler's result ({@link #reportedByAgent()}); the
 * execution ended at the service without the agent's report ({@link #cancellation()} says why, and
 * {@link #status()} the status seen, if any); the agent closed with the execution still IN_PROGRESS
 * ({@link CancellationReason#AGENT_CLOSING}, to be resumed); or the agent gave up reporting
 * ({@link #error()}).
 */
public final class JobOutcome {
    private final String jobId;
    private final long executionNumber;
    private final JobStatus status;
    private final boolean reportedByAgent;
    private final Map<String, String> statusDetails;
    private final CancellationReason cancellation;
    private final int reportAttempts;
    private final boolean reconciled;
    private final boolean resumed;
    private final Throwable error;

    private JobOutcome(Builder builder) {
        this.jobId = Objects.requireNonNull(builder.jobId, "jobId");
        this.executionNumber = builder.executionNumber;
        this.status = builder.status;
        this.reportedByAgent = builder.reportedByAgent;
        this.statusDetails = Collections.unmodifiableMap(new LinkedHashMap<>(builder.statusDetails));
        this.cancellation = builder.cancellation;
        this.reportAttempts = builder.reportAttempts;
        this.reconciled = builder.reconciled;
        this.resumed = builder.resumed;
        this.error = builder.error;
    }

    /**
     * Starts an outcome (used by the agent; public for tests of listeners).
     *
     * @param jobId the job
     * @param executionNumber the execution number
     * @return a builder
     */
    public static Builder builder(String jobId, long executionNumber) {
        return new Builder(jobId, executionNumber);
    }

    /**
     * The job.
     *
     * @return the job id
     */
    public String jobId() {
        return jobId;
    }

    /**
     * The execution.
     *
     * @return the execution number (0 when the service did not give one)
     */
    public long executionNumber() {
        return executionNumber;
    }

    /**
     * The execution's terminal status as the agent last knew it: the status it reported, or the one it found
     * at the service.
     *
     * @return the status; empty when the execution was deleted, when the agent closed before the end, or
     *     when it gave up reporting
     */
    public Optional<JobStatus> status() {
        return Optional.ofNullable(status);
    }

    /**
     * Whether the agent's terminal update took effect (confirmed by the service's reply, or by a Describe when
     * the reply was lost).
     *
     * @return true when the agent reported the handler's result
     */
    public boolean reportedByAgent() {
        return reportedByAgent;
    }

    /**
     * The status details the agent reported with the terminal status.
     *
     * @return the details; empty if the agent reported nothing
     */
    public Map<String, String> statusDetails() {
        return statusDetails;
    }

    /**
     * Why the handler was told to stop, if it was.
     *
     * @return the reason
     */
    public Optional<CancellationReason> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /**
     * How many terminal updates the agent published for this execution (each with a fresh client token).
     *
     * @return 0 if it published none
     */
    public int reportAttempts() {
        return reportAttempts;
    }

    /**
     * Whether the agent learned the effect of its terminal update from DescribeJobExecution (the reply was
     * lost or timed out) rather than from the update's reply.
     *
     * @return true after a reconciliation
     */
    public boolean reconciled() {
        return reconciled;
    }

    /**
     * Whether the execution had been started by an agent before (a checkpoint record existed).
     *
     * @return true for a resumed execution
     */
    public boolean resumed() {
        return resumed;
    }

    /**
     * Why the agent gave up reporting (a rejection it cannot fix, such as InvalidRequest).
     *
     * @return the failure, if the agent gave up
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "JobOutcome{" + jobId + "#" + executionNumber + ", status=" + status + ", reportedByAgent="
                + reportedByAgent + (cancellation == null ? "" : ", cancellation=" + cancellation)
                + ", reportAttempts=" + reportAttempts + (reconciled ? ", reconciled" : "")
                + (resumed ? ", resumed" : "") + (error == null ? "" : ", error=" + error) + "}";
    }

    /** Builds a {@link JobOutcome}. Not thread-safe. */
    public static final class Builder {
        private final String jobId;
        private final long executionNumber;
        private JobStatus status;
        private boolean reportedByAgent;
        private Map<String, String> statusDetails = Map.of();
        private CancellationReason cancellation;
        private int reportAttempts;
        private boolean reconciled;
        private boolean resumed;
        private Throwable error;

        private Builder(String jobId, long executionNumber) {
            this.jobId = jobId;
            this.executionNumber = executionNumber;
        }

        /**
         * The terminal status.
         *
         * @param value the status, or {@code null}
         * @return this builder
         */
        public Builder status(JobStatus value) {
            this.status = value;
            return this;
        }

        /**
         * Whether the agent's report took effect.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder reportedByAgent(boolean value) {
            this.reportedByAgent = value;
            return this;
        }

        /**
         * The reported details.
         *
         * @param value the details
         * @return this builder
         */
        public Builder statusDetails(Map<String, String> value) {
            this.statusDetails = Objects.requireNonNull(value, "statusDetails");
            return this;
        }

        /**
         * Why the handler was told to stop.
         *
         * @param value the reason, or {@code null}
         * @return this builder
         */
        public Builder cancellation(CancellationReason value) {
            this.cancellation = value;
            return this;
        }

        /**
         * How many terminal updates were published.
         *
         * @param value the count
         * @return this builder
         */
        public Builder reportAttempts(int value) {
            this.reportAttempts = value;
            return this;
        }

        /**
         * Whether the effect was learned by Describe.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder reconciled(boolean value) {
            this.reconciled = value;
            return this;
        }

        /**
         * Whether the execution was resumed.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder resumed(boolean value) {
            this.resumed = value;
            return this;
        }

        /**
         * Why the agent gave up.
         *
         * @param value the failure, or {@code null}
         * @return this builder
         */
        public Builder error(Throwable value) {
            this.error = value;
            return this;
        }

        /**
         * Creates the outcome.
         *
         * @return the outcome
         */
        public JobOutcome build() {
            return new JobOutcome(this);
        }
    }
}
