package io.iotjobs.internal.testkit;

import io.iotjobs.testkit.JobSpec;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as the control API describes it.
 *
 * @param spec what the job was created with (as updated since)
 * @param createdAt when it was created
 * @param lastUpdatedAt the latest change of the job or of one of its executions
 * @param canceled whether it was canceled
 * @param scheduled whether it waits for its start time or its next maintenance window
 * @param completed whether it is done: rolled out (and past its end time if CONTINUOUS), every execution it
 *     still has in a terminal status
 * @param forceCanceled whether a cancel with {@code force} was made
 * @param reasonCode the reason code of the cancel, if given
 * @param comment the comment of the cancel, if given
 */
public record JobView(
        JobSpec spec,
        Instant createdAt,
        Instant lastUpdatedAt,
        boolean canceled,
        boolean scheduled,
        boolean completed,
        boolean forceCanceled,
        Optional<String> reasonCode,
        Optional<String> comment) {}
