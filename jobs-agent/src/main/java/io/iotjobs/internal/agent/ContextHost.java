package io.iotjobs.internal.agent;

import io.iotjobs.core.JobsLimits;

/** What a {@link AgentContext} needs of the agent: the thing, the limits, and the way to progress and checkpoints. */
interface ContextHost {

    String thingName();

    JobsLimits limits();

    /** From a handler's thread: the details or the step changed. */
    void onProgress(JobRun run);

    /**
     * From a handler's thread: writes a step before returning.
     *
     * @return false if the record is closed (the job is over)
     */
    boolean saveStep(JobRun run, String step);
}
