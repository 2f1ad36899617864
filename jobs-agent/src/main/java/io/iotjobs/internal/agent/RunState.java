package io.iotjobs.internal.agent;

/**
 * Where the one execution the agent works on stands. The first three states send updates; the next four are
 * settled (nothing more is sent for the execution; the agent only waits for the handler to return and the
 * checkpoint record to be closed); {@link #FINISHED} means the agent is done with it.
 *
 * <pre>
 * OPENING ──► RUNNING ──► REPORTING ──► REPORTED
 *    │           │            │    └──► GAVE_UP
 *    └───────────┴────────────┴──► ENDED_AT_SERVICE | LEFT_FOR_RESUME
 * any settled state ──(handler returned, record closed)──► FINISHED
 * </pre>
 */
public enum RunState {
    /** Started with StartNext (or resumed); the IN_PROGRESS update of the start is on its way. */
    OPENING,
    /** The handler runs. */
    RUNNING,
    /** The result is known; the terminal status is being reported (retried, reconciled). */
    REPORTING,
    /** The service accepted the terminal status (or a Describe showed it took effect). */
    REPORTED,
    /** The agent gave up reporting; the result stays in the checkpoint record for the next agent. */
    GAVE_UP,
    /** The execution is terminal or gone at the service without the agent's report. */
    ENDED_AT_SERVICE,
    /** The agent is closing; the execution stays IN_PROGRESS for the next agent to resume. */
    LEFT_FOR_RESUME,
    /** The agent is done with the execution; the next one may start. */
    FINISHED;

    /**
     * Whether updates (IN_PROGRESS or terminal) may still be sent.
     *
     * @return true for OPENING, RUNNING and REPORTING
     */
    public boolean sendsUpdates() {
        return this == OPENING || this == RUNNING || this == REPORTING;
    }

    /**
     * Whether the execution's fate is decided and only the handler and the record are waited for.
     *
     * @return true for REPORTED, GAVE_UP, ENDED_AT_SERVICE and LEFT_FOR_RESUME
     */
    public boolean settled() {
        return this == REPORTED || this == GAVE_UP || this == ENDED_AT_SERVICE || this == LEFT_FOR_RESUME;
    }
}
