package io.iotjobs.internal.agent;

import io.iotjobs.agent.JobsAgent;
import io.iotjobs.core.JobsLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the handler last reported for its execution: its status details and its last checkpoint step. Set
 * from handler threads, read on the control thread when an IN_PROGRESS update goes out; thread-safe.
 */
final class ProgressDetails {

    private Map<String, String> details = Map.of();
    private String step;

    synchronized void details(Map<String, String> checked) {
        this.details = checked;
    }

    synchronized void step(String newStep) {
        this.step = newStep;
    }

    /** Forgets the handler's details (the service refused them); the step stays. */
    synchronized void dropDetails() {
        this.details = Map.of();
    }

    /**
     * The details of the next IN_PROGRESS update: the step first (never dropped), then the handler's own.
     *
     * @param limits the service's limits
     * @return the fitted details
     */
    synchronized Map<String, String> forUpdate(JobsLimits limits) {
        Map<String, String> all = new LinkedHashMap<>();
        if (step != null) {
            all.put(JobsAgent.CHECKPOINT_KEY, step);
        }
        details.forEach(all::putIfAbsent);
        return StatusDetails.fit(all, limits, JobsAgent.CHECKPOINT_KEY);
    }
}
