package io.iotjobs.internal.agent;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.model.JobStatus;

/**
 * What the agent does next about its execution, as one of the {@link Decisions} rules found.
 *
 * @param action the action
 * @param reason with {@link Action#ENDED}: why the execution ended at the service
 * @param status with {@link Action#ENDED}: the terminal status seen, if any
 */
public record Decision(Action action, CancellationReason reason, JobStatus status) {

    /** The actions. */
    public enum Action {
        /** The client was closed under the request: nothing more to do. */
        NOTHING,
        /** The execution is terminal or gone at the service: stop it and never report over it. */
        ENDED,
        /** The execution still stands (a Describe showed it open). */
        STANDS,
        /** Ask the service with DescribeJobExecution whether the execution still stands. */
        VERIFY,
        /** The update's details were refused as invalid: drop them and carry on. */
        DROP_DETAILS,
        /** Send the same update again after a backoff. */
        RETRY,
        /** Send the Describe again after a backoff. */
        RETRY_DESCRIBE,
        /** The outcome of the terminal update is unknown: Describe and compare. */
        RECONCILE,
        /** Like RECONCILE, after the service said "terminal" without the status; a second time ends the run. */
        RECONCILE_TERMINAL_UNKNOWN,
        /** Send the terminal update again at once (the Describe said "terminal" without the status once). */
        RESEND,
        /** The terminal status took effect. */
        REPORTED,
        /** Send the terminal update again with the reason only (its details were refused). */
        MINIMAL_DETAILS,
        /** Stop reporting; the result stays in the checkpoint record. */
        GIVE_UP
    }

    static Decision of(Action action) {
        return new Decision(action, null, null);
    }

    static Decision ended(CancellationReason reason, JobStatus status) {
        return new Decision(Action.ENDED, reason, status);
    }

    static Decision endedWith(JobStatus terminal) {
        return ended(CancellationReason.forStatus(terminal), terminal);
    }

    @Override
    public String toString() {
        return action == Action.ENDED
                ? "ENDED(" + reason + (status == null ? "" : ", " + status) + ")"
                : action.toString();
    }
}
