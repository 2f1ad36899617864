package io.iotjobs.samples;

import io.iotjobs.v1.IotJobsClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code job-processor}: runs {@link JobProcessorV1}, the V1 (callback) job loop. */
@Command(name = "job-processor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The V1 (callback) job-processing loop: subscribe to the start-next and update replies and to notify-next,"
                + " start the next job, run it by its document's \"operation\", report SUCCEEDED, FAILED or REJECTED,"
                + " and start the next one when notify-next announces it.",
            "",
            "Without --endpoint or --broker it starts a broker and the local Jobs service in this process, queues"
                + " the demo jobs and stops when they are done. Otherwise it runs until Ctrl-C, --duration or"
                + " (with --until-idle) an empty queue."})
final class JobProcessorCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--until-idle", description = "stop as soon as nothing is pending")
    private boolean untilIdle;

    @Option(names = "--duration", paramLabel = "<time>", converter = DurationConverter.class,
            description = "stop after this long, e.g. 90s or 10m (default: run until Ctrl-C)")
    private Duration duration;

    @Option(names = "--work-time", paramLabel = "<time>", defaultValue = "500ms", converter = DurationConverter.class,
            description = "how long the simulated firmware update takes (default: ${DEFAULT-VALUE})")
    private Duration workTime;

    @Mixin
    private LoggingOptions logging;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        connection.validate();
        PrintWriter out = spec.commandLine().getOut();
        StopSignal stop = new StopSignal();
        StopOnCtrlC ctrlC = StopOnCtrlC.install(stop, duration);
        try (SampleTarget target = SampleTarget.open(connection)) {
            boolean inProcess = target.local().isPresent();
            String thing = connection.thingName();
            long startNanos = System.nanoTime();   // the times printed count from here
            out.printf("V1 job processor for thing %s on %s%n", thing, connection.describe());
            target.local().ifPresent(local -> Samples.queueDemoJobs(out, local, thing));
            ConsoleEvents events = new ConsoleEvents(out, startNanos, untilIdle || inProcess ? stop : null);

            try (IotJobsClient jobs = new IotJobsClient(target.device());
                 JobProcessorV1 processor = new JobProcessorV1(jobs, thing, new SimulatedDevice(workTime), events)) {
                processor.start();
                stop.await();
            }
        } finally {
            ctrlC.close();
        }
        return 0;
    }
}
