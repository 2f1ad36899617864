package io.iotjobs.samples;

import io.iotjobs.model.JobExecutionData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The simulated device (no work time), counting how often each job runs and how many run at once, with an
 * optional hook that runs before a given job (to block it, or to change the service meanwhile).
 */
final class CountingHandler implements JobHandler {

    private final SimulatedDevice device = new SimulatedDevice(Duration.ZERO);
    private final Map<String, Consumer<JobExecutionData>> before = new ConcurrentHashMap<>();
    private final List<String> runs = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    /** Runs {@code hook} on the processor's thread before the job with this id. */
    CountingHandler before(String jobId, Consumer<JobExecutionData> hook) {
        before.put(jobId, hook);
        return this;
    }

    @Override
    public JobOutcome process(JobExecutionData job) {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        synchronized (runs) {
            runs.add(job.jobId());
        }
        try {
            before.getOrDefault(job.jobId(), j -> {}).accept(job);
            return device.process(job);
        } finally {
            running.decrementAndGet();
        }
    }

    /** The job ids in the order they were run (a job run twice appears twice). */
    List<String> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    /** The largest number of jobs that ran at the same time. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }
}
