package io.iotjobs.benchmarks.harness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fixed number of latency samples in nanoseconds, and their percentiles. Not thread-safe. */
public final class Latencies {

    private final long[] samples;
    private int count;

    /**
     * Room for a number of samples.
     *
     * @param capacity how many samples will be recorded
     */
    public Latencies(int capacity) {
        this.samples = new long[capacity];
    }

    /**
     * Records one sample.
     *
     * @param nanos the latency
     * @throws IllegalStateException if the capacity is used up
     */
    public void record(long nanos) {
        if (count == samples.length) {
            throw new IllegalStateException("more than " + samples.length + " samples");
        }
        samples[count++] = nanos;
    }

    /**
     * The percentiles (nearest rank) in microseconds: p50, p90, p99, p99.9, max, and the mean.
     *
     * @return the summary, keys {@code p50Us, p90Us, p99Us, p999Us, maxUs, meanUs, samples}
     * @throws IllegalStateException if nothing was recorded
     */
    public Map<String, Object> summary() {
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        double sum = 0;
        for (long s : sorted) {
            sum += s;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", count);
        m.put("p50Us", micros(rank(sorted, 0.50)));
        m.put("p90Us", micros(rank(sorted, 0.90)));
        m.put("p99Us", micros(rank(sorted, 0.99)));
        m.put("p999Us", micros(rank(sorted, 0.999)));
        m.put("maxUs", micros(sorted[sorted.length - 1]));
        m.put("meanUs", Math.round(sum / count / 100.0) / 10.0);
        return m;
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
