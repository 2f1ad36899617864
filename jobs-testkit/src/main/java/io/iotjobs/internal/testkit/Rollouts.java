package io.iotjobs.internal.testkit;

import io.iotjobs.testkit.RolloutConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a job's things their executions: at once, or at the job's rollout rate, per minute of the service's
 * clock (minutes counted from when the rollout began), raising an exponential rate when its criterion is met.
 * Things that must wait are queued on the job and launched by a clock task at the next minute, so with a
 * {@code TestClock} a test sees the next things notified when it advances the clock.
 *
 * <p>UNCONFIRMED: an exponential rate is raised at the start of the minute after its criterion was met, by the
 * factor, rounded down, never above {@code maximumPerMinute} (1000 without one); retries do not wait for the
 * rate.
 */
final class Rollouts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** The rollout state of one job. Guarded by the job's monitor. */
    static final class State {
        final Deque<String> waiting = new ArrayDeque<>();
        Instant start;
        long minute = -1;
        int launchedThisMinute;
        double rate;
        int notifiedSinceRaise;
        int succeededSinceRaise;
        boolean raiseDue;
        ServiceClock.Cancellable wake;
        Instant wakeAt;
    }

    /** When a job may launch executions: null when it may now, else the next time it may. */
    interface Gate {
        Instant closedUntil(JobRecord job, Instant now);
    }

    private final ServiceClock clock;
    private final Changes changes;
    private final Set<ServiceClock.Cancellable> wakes = ConcurrentHashMap.newKeySet();
    private volatile Gate gate = (job, now) -> null;
    private volatile boolean closed;

    Rollouts(ServiceClock clock, Changes changes) {
        this.clock = clock;
        this.changes = changes;
    }

    void gate(Gate value) {
        this.gate = value;
    }

    /**
     * Queues things for executions of the job and launches what the rollout allows now. Call with the job's
     * monitor held and no thing lock.
     *
     * @param job the job
     * @param things the things, in order
     */
    void offer(JobRecord job, Collection<String> things) {
        job.rollout.waiting.addAll(things);
        pump(job);
    }

    /**
     * The job's rollout configuration changed (UpdateJob): the rate starts again from the new configuration's
     * base (or constant) rate, and what it allows is launched now.
     *
     * @param job the job, its monitor held
     */
    void reconfigure(JobRecord job) {
        State s = job.rollout;
        if (s.start != null) {
            s.rate = initialRate(job.spec.rolloutConfig().orElse(null));
            s.raiseDue = false;
            s.notifiedSinceRaise = 0;
            s.succeededSinceRaise = 0;
        }
        pump(job);
    }

    private static double initialRate(RolloutConfig config) {
        if (config == null) {
            return SpecChecks.MAX_RATE;
        }
        return config.exponentialRate()
                .map(RolloutConfig.ExponentialRate::baseRatePerMinute)
                .orElse(config.maximumPerMinute().orElse(SpecChecks.MAX_RATE))
                .doubleValue();
    }

    /**
     * One more thing succeeded (for a rate raised by succeeded things). Call with the job's monitor held.
     *
     * @param job the job
     */
    void succeeded(JobRecord job) {
        job.rollout.succeededSinceRaise++;
    }

    /**
     * Launches what the job's schedule and rollout allow now, and wakes up later for the rest. Call with the
     * job's monitor held and no thing lock.
     *
     * @param job the job
     */
    void pump(JobRecord job) {
        State s = job.rollout;
        if (closed || job.deleted || job.canceled) {
            s.waiting.clear();
            return;
        }
        if (s.waiting.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        Instant closedUntil = gate.closedUntil(job, now);
        if (closedUntil != null) {
            wakeAt(job, closedUntil);
            return;
        }
        RolloutConfig config = job.spec.rolloutConfig().orElse(null);
        if (config == null) {
            while (!s.waiting.isEmpty()) {
                changes.launch(job, s.waiting.poll());
            }
            return;
        }
        if (s.start == null) {
            s.start = now;
            s.rate = initialRate(config);
        }
        long minute = Duration.between(s.start, now).toMinutes();
        if (minute != s.minute) {
            s.minute = minute;
            s.launchedThisMinute = 0;
            raiseIfDue(job, config);
        }
        while (!s.waiting.isEmpty() && s.launchedThisMinute < (int) s.rate) {
            changes.launch(job, s.waiting.poll());
            s.launchedThisMinute++;
            s.notifiedSinceRaise++;
        }
        checkRaise(s, config);
        if (!s.waiting.isEmpty()) {
            wakeAt(job, s.start.plus(MINUTE.multipliedBy(minute + 1)));
        }
    }

    private static void checkRaise(State s, RolloutConfig config) {
        config.exponentialRate().ifPresent(rate -> {
            if (rate.numberOfNotifiedThings().isPresent()
                            && s.notifiedSinceRaise
                                    >= rate.numberOfNotifiedThings().getAsInt()
                    || rate.numberOfSucceededThings().isPresent()
                            && s.succeededSinceRaise
                                    >= rate.numberOfSucceededThings().getAsInt()) {
                s.raiseDue = true;
            }
        });
    }

    private static void raiseIfDue(JobRecord job, RolloutConfig config) {
        State s = job.rollout;
        checkRaise(s, config);
        if (!s.raiseDue) {
            return;
        }
        double factor = config.exponentialRate().orElseThrow().incrementFactor();
        int cap = config.maximumPerMinute().orElse(SpecChecks.MAX_RATE);
        s.rate = Math.min(cap, Math.floor(s.rate * factor));
        s.raiseDue = false;
        s.notifiedSinceRaise = 0;
        s.succeededSinceRaise = 0;
        LOG.info("control: job {} rollout rate raised to {} per minute", job.jobId, (int) s.rate);
    }

    private void wakeAt(JobRecord job, Instant at) {
        State s = job.rollout;
        if (s.wake != null && at.equals(s.wakeAt)) {
            return;
        }
        if (s.wake != null) {
            s.wake.cancel();
            wakes.remove(s.wake);
        }
        ServiceClock.Cancellable[] handle = new ServiceClock.Cancellable[1];
        handle[0] = clock.schedule(at, () -> {
            wakes.remove(handle[0]);
            synchronized (job) {
                if (job.rollout.wake == handle[0]) {
                    job.rollout.wake = null;
                    job.rollout.wakeAt = null;
                }
                pump(job);
            }
        });
        s.wake = handle[0];
        s.wakeAt = at;
        wakes.add(handle[0]);
    }

    /** Cancels every wake-up; nothing is launched any more. */
    @Override
    public void close() {
        closed = true;
        wakes.forEach(ServiceClock.Cancellable::cancel);
        wakes.clear();
    }
}
