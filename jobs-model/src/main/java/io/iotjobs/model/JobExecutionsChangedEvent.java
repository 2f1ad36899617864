package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The notify event ({@code .../jobs/notify}): the set of pending executions changed (one was queued, or one
 * left the set). It is a full snapshot of the pending set, not a delta; a QUEUED → IN_PROGRESS move alone
 * sends none.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableJobExecutionsChangedEvent.class)
@JsonDeserialize(as = ImmutableJobExecutionsChangedEvent.class)
public abstract class JobExecutionsChangedEvent {
    JobExecutionsChangedEvent() {
        // only the generated implementation extends this class
    }

    /**
     * The pending executions by status: only IN_PROGRESS and QUEUED keys appear, each only when its list is
     * non-empty; the map is empty when nothing is pending. A key this SDK does not know is
     * {@link JobStatus#UNKNOWN}.
     *
     * @return the snapshot
     */
    public abstract Map<JobStatus, List<JobExecutionSummary>> jobs();

    /**
     * When the service sent the event.
     *
     * @return the time, to the second
     */
    public abstract Optional<Instant> timestamp();

    /**
     * The IN_PROGRESS executions of the snapshot.
     *
     * @return the list, empty if none
     */
    public List<JobExecutionSummary> inProgress() {
        return jobs().getOrDefault(JobStatus.IN_PROGRESS, List.of());
    }

    /**
     * The QUEUED executions of the snapshot.
     *
     * @return the list, empty if none
     */
    public List<JobExecutionSummary> queued() {
        return jobs().getOrDefault(JobStatus.QUEUED, List.of());
    }

    /**
     * Makes the lists of the snapshot unmodifiable copies (Immutables copies the map but not its lists).
     *
     * @return this value, or a copy with frozen lists
     */
    @Value.Check
    JobExecutionsChangedEvent normalize() {
        return Frozen.isFrozen(jobs())
                ? this
                : builder().from(this).jobs(Frozen.jobs(jobs())).build();
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JobExecutionsChangedEvent}; nothing is required. */
    public static final class Builder extends ImmutableJobExecutionsChangedEvent.Builder {}
}
