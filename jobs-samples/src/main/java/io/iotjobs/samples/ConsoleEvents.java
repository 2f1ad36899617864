package io.iotjobs.samples;

import io.iotjobs.model.JobExecutionData;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Prints what a job processor does, one line per state change, with the time since the start:
 * <pre>
 *  +0.02s  firmware-2-4-1      QUEUED      -&gt; IN_PROGRESS  v2   firmware_update
 *  +0.43s  firmware-2-4-1      IN_PROGRESS -&gt; SUCCEEDED    v3   firmware 2.4.1 installed
 * </pre>
 */
final class ConsoleEvents implements JobEvents {

    private final PrintWriter out;
    private final long startNanos;
    private final StopSignal stopWhenIdle;

    /**
     * A printer.
     *
     * @param out where to print
     * @param startNanos the {@link System#nanoTime()} the times count from
     * @param stopWhenIdle stopped when nothing is pending, or {@code null} to keep waiting for jobs
     */
    ConsoleEvents(PrintWriter out, long startNanos, StopSignal stopWhenIdle) {
        this.out = out;
        this.startNanos = startNanos;
        this.stopWhenIdle = stopWhenIdle;
    }

    @Override
    public void started(JobExecutionData job, boolean resumed) {
        line(
                job.jobId(),
                resumed ? "IN_PROGRESS" : "QUEUED",
                "IN_PROGRESS",
                job.versionNumber().orElse(-1),
                ProcessedJob.operationOf(job));
    }

    @Override
    public void finished(ProcessedJob job) {
        line(job.jobId(), "IN_PROGRESS", job.status().name(), job.versionNumber(), summary(job.statusDetails()));
    }

    @Override
    public void waiting() {
        if (stopWhenIdle != null) {
            out.printf("%s  queue empty%n", Console.elapsed(startNanos));
            stopWhenIdle.stop();
        } else {
            out.printf("%s  nothing pending: waiting for a notify-next event%n", Console.elapsed(startNanos));
        }
    }

    @Override
    public void requestFailed(String operation, String jobId, String description) {
        out.printf(
                "%s  %-19s %s failed: %s%n",
                Console.elapsed(startNanos), jobId == null ? "" : jobId, operation, description);
    }

    private void line(String jobId, String from, String to, long version, String note) {
        out.printf("%s  %-19s %-11s -> %-12s v%-3d %s%n", Console.elapsed(startNanos), jobId, from, to, version, note);
    }

    private static String summary(Map<String, String> details) {
        String text = details.getOrDefault("result", details.getOrDefault("reason", ""));
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
