package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job as the control API describes it.
 *
 * @param jobId the job id
 * @param document the job document
 * @param targets the target thing names, in creation order
 * @param inProgressTimeout the in-progress timeout, if any
 * @param createdAt when it was created
 * @param canceled whether it was canceled
 * @param allExecutionsTerminal whether every execution it still has is in a terminal status
 */
public record JobView(String jobId, JobDocument document, List<String> targets, Optional<Duration> inProgressTimeout,
        Instant createdAt, boolean canceled, boolean allExecutionsTerminal) {
}
