package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the V1 and V2 job-processor commands share: their options, the broker or local service they run on,
 * the demo jobs queued in process, Ctrl-C and {@code --duration}. A subclass runs its job loop in
 * {@link #process}.
 */
abstract class JobProcessorOptions implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--until-idle", description = "stop as soon as nothing is pending")
    private boolean untilIdle;

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
            description = "how long the simulated firmware update takes (default: ${DEFAULT-VALUE})")
    private Duration workTime;

    @Mixin
    private LoggingOptions logging;

    @Spec
    private CommandSpec spec;

    /** The client style, for the first line printed: {@code V1} or {@code V2}. */
    abstract String style();

    /**
     * Runs the job loop until {@code stop} is signalled.
     *
     * @param device the connection of the device
     * @param thing the thing name
     * @param work the simulated device that runs each job
     * @param events where the loop reports what it does
     * @param stop signalled by Ctrl-C, {@code --duration}, or an empty queue when that ends the run
     * @throws InterruptedException if interrupted while waiting
     */
    abstract void process(
            MqttConnection device, String thing, SimulatedDevice work, ConsoleEvents events, StopSignal stop)
            throws InterruptedException;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SampleTarget.runUntilStopped(connection, duration, (target, stop) -> {
            boolean inProcess = target.local().isPresent();
            String thing = connection.thingName();
            long startNanos = System.nanoTime(); // the times printed count from here
            out.printf("%s job processor for thing %s on %s%n", style(), thing, connection.describe());
            target.local().ifPresent(local -> Samples.queueDemoJobs(out, local, thing));
            ConsoleEvents events = new ConsoleEvents(out, startNanos, untilIdle || inProcess ? stop : null);
            process(target.device(), thing, new SimulatedDevice(workTime), events, stop);
        });
        return 0;
    }
}
