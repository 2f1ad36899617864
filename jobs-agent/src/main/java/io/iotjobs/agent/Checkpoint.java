package io.iotjobs.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent remembers about one job execution across restarts of the process: how often an agent
 * started it, the last step its handler recorded, and (between the end of the handler and the service's
 * acceptance of the terminal status) the result still to be reported.
 *
 * <p>The agent creates the record when it starts an execution and deletes it once the execution is terminal at
 * the service. On start, an agent that finds a record for the execution the service hands it resumes it: it
 * reports a stored result without running the handler again, or runs the handler telling it the last step.
 *
 * <p>Immutable; the {@code with...} methods return copies.
 */
public final class Checkpoint {
    private final String thingName;
    private final String jobId;
    private final long executionNumber;
    private final String step;
    private final int starts;
    private final JobResult outcome;
    private final Instant updatedAt;

    private Checkpoint(
            String thingName,
            String jobId,
            long executionNumber,
            String step,
            int starts,
            JobResult outcome,
            Instant updatedAt) {
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        if (executionNumber < 0) {
            throw new IllegalArgumentException("executionNumber: must not be negative, got " + executionNumber);
        }
        if (starts < 1) {
            throw new IllegalArgumentException("starts: must be at least 1, got " + starts);
        }
        this.executionNumber = executionNumber;
        this.step = step;
        this.starts = starts;
        this.outcome = outcome;
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * A record from all its parts (for {@link CheckpointStore} implementations reading one back).
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number (0 when the service did not give one)
     * @param step the last step, or {@code null}
     * @param starts how many times an agent started the execution, at least 1
     * @param outcome the result still to be reported, or {@code null}
     * @param updatedAt when the record last changed
     * @return the record
     */
    public static Checkpoint of(
            String thingName,
            String jobId,
            long executionNumber,
            String step,
            int starts,
            JobResult outcome,
            Instant updatedAt) {
        return new Checkpoint(thingName, jobId, executionNumber, step, starts, outcome, updatedAt);
    }

    /**
     * The record of an execution started for the first time.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number
     * @param at now
     * @return the record
     */
    public static Checkpoint started(String thingName, String jobId, long executionNumber, Instant at) {
        return new Checkpoint(thingName, jobId, executionNumber, null, 1, null, at);
    }

    /**
     * A copy counting one more start.
     *
     * @param at now
     * @return the copy
     */
    public Checkpoint restarted(Instant at) {
        return new Checkpoint(thingName, jobId, executionNumber, step, starts + 1, outcome, at);
    }

    /**
     * A copy with a new last step.
     *
     * @param newStep the step
     * @param at now
     * @return the copy
     */
    public Checkpoint withStep(String newStep, Instant at) {
        return new Checkpoint(
                thingName, jobId, executionNumber, Objects.requireNonNull(newStep, "step"), starts, outcome, at);
    }

    /**
     * A copy with the result still to be reported.
     *
     * @param result the result
     * @param at now
     * @return the copy
     */
    public Checkpoint withOutcome(JobResult result, Instant at) {
        return new Checkpoint(
                thingName, jobId, executionNumber, step, starts, Objects.requireNonNull(result, "outcome"), at);
    }

    /**
     * The thing.
     *
     * @return the thing name
     */
    public String thingName() {
        return thingName;
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
     * The last step the handler recorded.
     *
     * @return the step, if any
     */
    public Optional<String> step() {
        return Optional.ofNullable(step);
    }

    /**
     * How many times an agent started this execution (1 the first time; each resume adds one).
     *
     * @return at least 1
     */
    public int starts() {
        return starts;
    }

    /**
     * The result the handler returned, while its report is not confirmed.
     *
     * @return the result, if the handler has finished
     */
    public Optional<JobResult> outcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * When the record last changed (the agent's clock).
     *
     * @return the time
     */
    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Checkpoint)) {
            return false;
        }
        Checkpoint that = (Checkpoint) other;
        return thingName.equals(that.thingName)
                && jobId.equals(that.jobId)
                && executionNumber == that.executionNumber
                && Objects.equals(step, that.step)
                && starts == that.starts
                && Objects.equals(outcome, that.outcome)
                && updatedAt.equals(that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(thingName, jobId, executionNumber, step, starts, outcome, updatedAt);
    }

    @Override
    public String toString() {
        return "Checkpoint{" + thingName + "/" + jobId + "#" + executionNumber + ", starts=" + starts
                + (step == null ? "" : ", step=" + step) + (outcome == null ? "" : ", outcome=" + outcome)
                + ", updatedAt=" + updatedAt + "}";
    }
}
