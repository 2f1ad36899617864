package io.iotjobs.samples;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.SubscriptionStatusEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor}: prints a thing's notify and notify-next events through a {@link JobMonitor}. */
@Command(
        name = "monitor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Watches a thing's jobs through the two V2 event streams (notify: the pending set; notify-next: the next"
                    + " job) with subscription-status listeners, and prints each event. Runs until Ctrl-C or --duration.",
            "",
            "Without --endpoint or --broker it starts a broker and the local Jobs service in this process, queues"
                    + " the demo jobs, lets a simulated device (V2 loop, on a connection of its own) work through them,"
                    + " and stops once both streams report that nothing is pending."
        })
final class MonitorCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(
            names = "--duration",
            paramLabel = "<time>",
            converter = DurationConverter.class,
            description = "stop after this long, e.g. 90s or 10m (default: run until Ctrl-C)")
    private Duration duration;

    @Option(
            names = "--work-time",
            paramLabel = "<time>",
            defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "in-process only: how long the simulated device's firmware update takes"
                    + " (default: ${DEFAULT-VALUE})")
    private Duration workTime;

    @Mixin
    private LoggingOptions logging;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SampleTarget.runUntilStopped(connection, duration, (target, stop) -> {
            String thing = connection.thingName();
            long startNanos = System.nanoTime(); // the times printed count from here
            out.printf("Monitoring the jobs of thing %s on %s (Ctrl-C to stop)%n", thing, connection.describe());
            JobMonitor.Listener printer = new MonitorPrinter(out, startNanos);
            boolean inProcess = target.local().isPresent();

            try (IotJobsClientV2 jobs = new IotJobsClientV2(target.device());
                    JobMonitor monitor =
                            new JobMonitor(jobs, thing, inProcess ? new StopWhenAllDone(printer, stop) : printer)) {
                monitor.open();
                if (inProcess) {
                    LocalJobs local = target.local().get();
                    Samples.queueDemoJobs(out, local, thing);
                    CompletableFuture<Void> device = runSimulatedDevice(local, thing, out, startNanos, stop);
                    stop.await();
                    device.get(30, TimeUnit.SECONDS);
                } else {
                    stop.await();
                }
            }
        });
        return 0;
    }

    /** In-process only: a device working through the queue on a connection of its own, so there are events. */
    private CompletableFuture<Void> runSimulatedDevice(
            LocalJobs local, String thing, PrintWriter out, long startNanos, StopSignal stop) {
        MqttConnection connection = local.connectDevice(thing + "-simulated-device");
        return CompletableFuture.runAsync(() -> {
            try (connection;
                    IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
                StopSignal deviceStop = new StopSignal();
                stop.onStop(deviceStop::stop);
                new JobProcessorV2(
                                jobs,
                                thing,
                                new SimulatedDevice(workTime),
                                new ConsoleEvents(out, startNanos, deviceStop))
                        .run(deviceStop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Passes events on, and stops the monitor once both streams have said that nothing is pending. */
    private static final class StopWhenAllDone implements JobMonitor.Listener {
        private final JobMonitor.Listener delegate;
        private final StopSignal stop;
        private final AtomicBoolean notifyEmpty = new AtomicBoolean();
        private final AtomicBoolean notifyNextEmpty = new AtomicBoolean();

        StopWhenAllDone(JobMonitor.Listener delegate, StopSignal stop) {
            this.delegate = delegate;
            this.stop = stop;
        }

        @Override
        public void jobExecutionsChanged(JobExecutionsChangedEvent event) {
            delegate.jobExecutionsChanged(event);
            if (event.inProgress().isEmpty() && event.queued().isEmpty()) {
                notifyEmpty.set(true);
                stopIfBothEmpty();
            }
        }

        @Override
        public void nextJobExecutionChanged(NextJobExecutionChangedEvent event) {
            delegate.nextJobExecutionChanged(event);
            if (event.execution().isEmpty()) {
                notifyNextEmpty.set(true);
                stopIfBothEmpty();
            }
        }

        @Override
        public void subscriptionStatusChanged(String stream, SubscriptionStatusEvent status) {
            delegate.subscriptionStatusChanged(stream, status);
        }

        @Override
        public void deserializationFailed(String stream, JobsDecodeException failure) {
            delegate.deserializationFailed(stream, failure);
        }

        private void stopIfBothEmpty() {
            if (notifyEmpty.get() && notifyNextEmpty.get()) {
                stop.stop();
            }
        }
    }
}
