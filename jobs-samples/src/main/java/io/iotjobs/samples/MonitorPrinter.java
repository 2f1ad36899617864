package io.iotjobs.samples;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.v2.SubscriptionStatusEvent;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints each event of a {@link JobMonitor}, one line each:
 * <pre>
 *  +0.31s  notify       pending: IN_PROGRESS firmware-2-4-1 v2 | QUEUED config-telemetry v1
 *  +0.31s  notify-next  next: config-telemetry (QUEUED, v1, config_update)
 * </pre>
 */
final class MonitorPrinter implements JobMonitor.Listener {

    private final PrintWriter out;
    private final long startNanos;

    /**
     * A printer.
     *
     * @param out where to print
     * @param startNanos the {@link System#nanoTime()} the times count from
     */
    MonitorPrinter(PrintWriter out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    @Override
    public void jobExecutionsChanged(JobExecutionsChangedEvent event) {
        if (event.inProgress().isEmpty() && event.queued().isEmpty()) {
            print("notify", "nothing pending");
            return;
        }
        StringBuilder text = new StringBuilder("pending:");
        if (!event.inProgress().isEmpty()) {
            text.append(" IN_PROGRESS ").append(list(event.inProgress()));
        }
        if (!event.queued().isEmpty()) {
            text.append(event.inProgress().isEmpty() ? " " : " | ")
                    .append("QUEUED ")
                    .append(list(event.queued()));
        }
        print("notify", text.toString());
    }

    @Override
    public void nextJobExecutionChanged(NextJobExecutionChangedEvent event) {
        if (event.execution().isEmpty()) {
            print("notify-next", "nothing pending");
            return;
        }
        JobExecutionData next = event.execution().get();
        print(
                "notify-next",
                "next: " + next.jobId() + " (" + next.rawStatus().orElse("?") + ", v"
                        + next.versionNumber().orElse(-1) + ", " + ProcessedJob.operationOf(next) + ")");
    }

    @Override
    public void subscriptionStatusChanged(String stream, SubscriptionStatusEvent status) {
        print(stream, status.toString());
    }

    @Override
    public void deserializationFailed(String stream, JobsDecodeException failure) {
        print(stream, "undecodable message: " + failure.getMessage());
    }

    private void print(String stream, String text) {
        out.printf("%s  %-12s %s%n", Console.elapsed(startNanos), stream, text);
    }

    private static String list(List<JobExecutionSummary> jobs) {
        return jobs.stream()
                .map(job -> job.jobId() + " v" + job.versionNumber().orElse(-1))
                .collect(Collectors.joining(", "));
    }
}
