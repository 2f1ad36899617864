package io.iotjobs.samples;

import io.iotjobs.v2.IotJobsClientV2;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code job-processor-v2}: runs {@link JobProcessorV2}, the V2 (request-response) job loop. */
@Command(name = "job-processor-v2", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The V2 (request-response) job-processing loop: GetPendingJobExecutions, StartNextPendingJobExecution,"
                + " run the job by its document's \"operation\", UpdateJobExecution; repeat. When nothing is pending"
                + " it waits for a notify-next event instead of polling.",
            "",
            "Without --endpoint or --broker it starts a broker and the local Jobs service in this process, queues"
                + " the demo jobs and stops when they are done. Otherwise it runs until Ctrl-C, --duration or"
                + " (with --until-idle) an empty queue."})
final class JobProcessorV2Command implements Callable<Integer> {

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
            out.printf("V2 job processor for thing %s on %s%n", thing, connection.describe());
            target.local().ifPresent(local -> Samples.queueDemoJobs(out, local, thing));
            ConsoleEvents events = new ConsoleEvents(out, startNanos, untilIdle || inProcess ? stop : null);

            try (IotJobsClientV2 jobs = new IotJobsClientV2(target.device())) {
                new JobProcessorV2(jobs, thing, new SimulatedDevice(workTime), events).run(stop);
            }
        } finally {
            ctrlC.close();
        }
        return 0;
    }
}
