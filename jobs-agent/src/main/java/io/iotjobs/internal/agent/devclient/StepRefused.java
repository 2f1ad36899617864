package io.iotjobs.internal.agent.devclient;

/** A step the agent will not run, with the reason reported as the job's REJECTED reason. */
public final class StepRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the refusal.
     *
     * @param reason why, in words for the job's status details
     */
    public StepRefused(String reason) {
        super(reason, null, false, false);
    }
}
