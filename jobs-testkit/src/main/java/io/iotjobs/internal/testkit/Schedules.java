package io.iotjobs.internal.testkit;

import io.iotjobs.testkit.SchedulingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling configurations of jobs: when a job may hand out executions (after its start time, before its
 * end time, inside a maintenance window), what happens at the end time, and when a job shows SCHEDULED
 * (https://docs.aws.amazon.com/iot/latest/developerguide/iot-jobs-lifecycle.html).
 *
 * <p>UNCONFIRMED: the end behaviors CANCEL and FORCE_CANCEL leave the job CANCELED (the guide says the
 * executions are canceled); after the end time a CONTINUOUS job gives things that join its groups nothing.
 */
final class Schedules implements Rollouts.Gate {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);
    /** How far ahead windows are looked for (the longest schedule AWS allows is two years). */
    private static final Duration HORIZON = Duration.ofDays(2 * 366);

    private final ServiceClock clock;
    private final Changes changes;
    private volatile boolean closed;

    Schedules(ServiceClock clock, Changes changes) {
        this.clock = clock;
        this.changes = changes;
    }

    @Override
    public Instant closedUntil(JobRecord job, Instant now) {
        SchedulingConfig config = job.spec.schedulingConfig().orElse(null);
        if (config == null) {
            return null;
        }
        if (config.endTime().isPresent() && !now.isBefore(config.endTime().get())) {
            return Instant.MAX;
        }
        if (config.startTime().isPresent() && now.isBefore(config.startTime().get())) {
            return config.startTime().get();
        }
        if (config.maintenanceWindows().isEmpty()) {
            return null;
        }
        Instant next = null;
        for (SchedulingConfig.MaintenanceWindow window : config.maintenanceWindows()) {
            Duration length = Duration.ofMinutes(window.durationInMinutes());
            Cron cron = Cron.parse("maintenanceWindows.startTime", window.startTime());
            // a window that opened up to its length ago may still be open
            for (Instant start : cron.between(now.minus(length), now.plus(HORIZON), 2)) {
                if (!start.isAfter(now)) {
                    if (now.isBefore(start.plus(length))) {
                        return null;
                    }
                } else if (next == null || start.isBefore(next)) {
                    next = start;
                }
            }
        }
        if (next == null
                || config.endTime().isPresent()
                        && !next.isBefore(config.endTime().get())) {
            return Instant.MAX;
        }
        return next;
    }

    /**
     * Whether a job shows SCHEDULED now: before its start time, or between maintenance windows while things
     * still wait for their executions.
     *
     * @param job the job (its monitor held)
     * @return true for SCHEDULED
     */
    boolean scheduled(JobRecord job) {
        if (job.canceled || job.spec.schedulingConfig().isEmpty()) {
            return false;
        }
        Instant until = closedUntil(job, clock.now());
        SchedulingConfig config = job.spec.schedulingConfig().get();
        boolean beforeStart = config.startTime().map(clock.now()::isBefore).orElse(false);
        return until != null && until != Instant.MAX && (beforeStart || !job.rollout.waiting.isEmpty());
    }

    /**
     * Whether a job's end time has passed.
     *
     * @param job the job
     * @return true once it has
     */
    boolean ended(JobRecord job) {
        return job.spec
                .schedulingConfig()
                .flatMap(SchedulingConfig::endTime)
                .map(end -> !clock.now().isBefore(end))
                .orElse(false);
    }

    /**
     * Arranges the end behavior of a new job at its end time.
     *
     * @param job the job
     */
    void arrange(JobRecord job) {
        job.spec
                .schedulingConfig()
                .flatMap(SchedulingConfig::endTime)
                .ifPresent(end -> job.endTask = clock.schedule(end, () -> end(job)));
    }

    /** Ends nothing any more: end-time tasks that still fire do nothing. */
    void close() {
        closed = true;
    }

    private void end(JobRecord job) {
        synchronized (job) {
            if (closed || job.deleted || job.canceled) {
                return;
            }
            job.rollout.waiting.clear();
            SchedulingConfig.EndBehavior behavior = job.spec
                    .schedulingConfig()
                    .flatMap(SchedulingConfig::endBehavior)
                    .orElse(SchedulingConfig.EndBehavior.STOP_ROLLOUT);
            LOG.info("control: job {} reached its end time: {}", job.jobId, behavior);
            if (behavior != SchedulingConfig.EndBehavior.STOP_ROLLOUT) {
                changes.cancel(job, behavior == SchedulingConfig.EndBehavior.FORCE_CANCEL);
            }
        }
    }

    /**
     * Checks a scheduling configuration for a job created now.
     *
     * @param config the configuration
     * @param now the creation time
     * @throws IllegalArgumentException naming the field
     */
    static void check(SchedulingConfig config, Instant now) {
        String field = "schedulingConfig.";
        Duration min = Duration.ofMinutes(30);
        config.startTime().ifPresent(start -> {
            if (start.isBefore(now.plus(min)) || start.isAfter(now.plus(Duration.ofDays(366)))) {
                throw new IllegalArgumentException(
                        field + "startTime: must be 30 minutes to a year from now (" + now + "), got " + start);
            }
        });
        config.endTime().ifPresent(end -> {
            Instant start = config.startTime().orElse(now);
            if (end.isBefore(now.plus(min)) || end.isBefore(start.plus(min))) {
                throw new IllegalArgumentException(field + "endTime: must be at least 30 minutes after now and after"
                        + " the start time, got " + end);
            }
            if (end.isAfter(now.plus(HORIZON)) || end.isAfter(start.plus(HORIZON))) {
                throw new IllegalArgumentException(field + "endTime: must be at most two years after now and after"
                        + " the start time, got " + end);
            }
        });
        List<List<Instant[]>> occurrences = new ArrayList<>();
        Instant from = config.startTime().orElse(now);
        for (int i = 0; i < config.maintenanceWindows().size(); i++) {
            SchedulingConfig.MaintenanceWindow w = config.maintenanceWindows().get(i);
            String wf = field + "maintenanceWindows[" + i + "].";
            if (w.durationInMinutes() < 1 || w.durationInMinutes() > 1430) {
                throw new IllegalArgumentException(
                        wf + "durationInMinutes: must be 1-1430, got " + w.durationInMinutes());
            }
            Cron cron = Cron.parse(wf + "startTime", w.startTime());
            List<Instant[]> list = new ArrayList<>();
            for (Instant s : cron.between(from, from.plus(Duration.ofDays(31)), 10_000)) {
                list.add(new Instant[] {s, s.plus(Duration.ofMinutes(w.durationInMinutes()))});
            }
            for (int j = 0; j < occurrences.size(); j++) {
                if (overlap(list, occurrences.get(j))) {
                    throw new IllegalArgumentException(wf + "startTime: window " + i + " overlaps window " + j);
                }
            }
            occurrences.add(list);
        }
    }

    private static boolean overlap(List<Instant[]> a, List<Instant[]> b) {
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Instant[] x = a.get(i);
            Instant[] y = b.get(j);
            if (x[0].isBefore(y[1]) && y[0].isBefore(x[1])) {
                return true;
            }
            if (x[1].isAfter(y[1])) {
                j++;
            } else {
                i++;
            }
        }
        return false;
    }
}
