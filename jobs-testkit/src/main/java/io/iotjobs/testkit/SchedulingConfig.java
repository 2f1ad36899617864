package io.iotjobs.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job rolls out ({@code schedulingConfig} of CreateJob): not before its start time (the job is SCHEDULED
 * until then and its things get nothing), only inside its maintenance windows when it has any (SCHEDULED again
 * between windows), and not after its end time, when the end behavior applies: {@link EndBehavior#STOP_ROLLOUT}
 * stops handing out executions, {@link EndBehavior#CANCEL} also cancels the QUEUED ones and
 * {@link EndBehavior#FORCE_CANCEL} the IN_PROGRESS ones too
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_SchedulingConfig.html,
 * https://docs.aws.amazon.com/iot/latest/developerguide/iot-jobs-lifecycle.html).
 *
 * <p>The start time is at least 30 minutes and at most a year after the job's creation; the end time at least 30
 * minutes after the creation and after the start, and at most two years after either (checked at creation).
 *
 * @param startTime when the rollout begins, or empty for at once
 * @param endTime when the rollout ends, or empty for never
 * @param endBehavior what happens at the end time (only with one); empty means {@link EndBehavior#STOP_ROLLOUT}
 * @param maintenanceWindows recurring windows the rollout is confined to; none means always
 */
public record SchedulingConfig(
        Optional<Instant> startTime,
        Optional<Instant> endTime,
        Optional<EndBehavior> endBehavior,
        List<MaintenanceWindow> maintenanceWindows) {

    /** What happens to a job's executions at its end time. */
    public enum EndBehavior {
        /** No more executions are handed out; those handed out may finish. */
        STOP_ROLLOUT,
        /** And the QUEUED executions are canceled. */
        CANCEL,
        /** And the QUEUED and IN_PROGRESS executions are canceled. */
        FORCE_CANCEL
    }

    /**
     * A recurring maintenance window.
     *
     * @param startTime when each window opens, as AWS writes it: {@code cron(minutes hours day-of-month month
     *     day-of-week year)}, in UTC, for example {@code cron(0 2 ? * SAT *)} for Saturdays at 02:00; fields take
     *     {@code *}, {@code ?}, numbers, names ({@code JAN}, {@code MON}), lists, ranges and {@code /} steps
     * @param durationInMinutes how long it stays open, 1–1430
     */
    public record MaintenanceWindow(String startTime, int durationInMinutes) {
        /**
         * A window.
         *
         * @param startTime the cron expression
         * @param durationInMinutes the duration
         */
        public MaintenanceWindow {
            Objects.requireNonNull(startTime, "startTime");
        }
    }

    /**
     * A scheduling configuration.
     *
     * @param startTime the start
     * @param endTime the end
     * @param endBehavior the end behavior
     * @param maintenanceWindows the windows (copied)
     */
    public SchedulingConfig {
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(endBehavior, "endBehavior");
        maintenanceWindows = List.copyOf(maintenanceWindows);
    }

    /**
     * A job that starts at a time.
     *
     * @param startTime the start
     * @return the configuration
     */
    public static SchedulingConfig startingAt(Instant startTime) {
        return new SchedulingConfig(Optional.of(startTime), Optional.empty(), Optional.empty(), List.of());
    }
}
