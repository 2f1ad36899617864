package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobsControl;
import io.iotjobs.v2.IotJobsClientV2;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: an embedded broker, the local Jobs service and a device running the V2 loop, all in this
 * process; four jobs (two succeed, one fails, one is rejected by the device); one line per state change, a
 * final table, and a check of every final status against the service. Exit code 0 when every job ended as
 * expected, 1 otherwise.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs everything in this process: an embedded MQTT broker, the local Jobs service and a device running"
                + " the V2 job loop. Queues four jobs for the device (a firmware update and a configuration update"
                + " that succeed, an unknown operation that fails, a factory reset the device rejects), prints each"
                + " state change and a final table, and checks every final status with the service.",
            "",
            "Exit code 0 when every job reached its expected status, 1 otherwise. Always local: for AWS IoT use"
                + " job-processor-v2 --endpoint ..."})
final class DemoCommand implements Callable<Integer> {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    @Option(names = "--thing", paramLabel = "<name>", defaultValue = ConnectionOptions.DEFAULT_THING,
            description = "the device's thing name (default: ${DEFAULT-VALUE})")
    private String thing;

    @Option(names = "--work-time", paramLabel = "<time>", defaultValue = "400ms", converter = DurationConverter.class,
            description = "how long the simulated firmware update takes (default: ${DEFAULT-VALUE})")
    private Duration workTime;

    @Mixin
    private LoggingOptions logging;

    @Spec
    private CommandSpec spec;

    @Option(names = {"--endpoint", "--cert", "--key", "--ca", "--port", "--client-id", "--broker"}, hidden = true,
            paramLabel = "<value>")
    void notLocal(String value) {
        throw new ParameterException(spec.commandLine(), "demo always runs locally (its own broker and Jobs"
                + " service); to use AWS IoT or another broker, run job-processor-v2, job-processor or monitor with"
                + " --endpoint ... or --broker ...");
    }

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.requireThingName(spec, thing);
        PrintWriter out = spec.commandLine().getOut();
        long startNanos = System.nanoTime();
        out.println("IoT Jobs demo: an embedded MQTT broker, the local Jobs service and a device running the V2 job");
        out.println("loop, all in this process.");
        out.println();

        StopSignal stop = new StopSignal();
        StopOnCtrlC ctrlC = StopOnCtrlC.install(stop, TIME_LIMIT);
        boolean allAsExpected;
        List<DemoJobs.DemoJob> demoJobs = DemoJobs.all();
        try (LocalJobs local = LocalJobs.start()) {
            out.printf("  broker   %s (embedded, started in %s)%n", local.serverUri(),
                    Console.seconds(System.nanoTime() - startNanos));
            out.printf("  service  local Jobs service, on a connection of its own%n");
            out.printf("  device   %s: IotJobsClientV2, GetPending -> StartNext -> run -> Update%n", thing);
            DemoJobs.create(local.control(), thing, demoJobs);
            out.printf("  jobs     %d queued: %s%n%n", demoJobs.size(),
                    demoJobs.stream().map(DemoJobs.DemoJob::jobId).collect(Collectors.joining(", ")));

            List<ProcessedJob> processed;
            try (MqttConnection connection = local.connectDevice(thing);
                 IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
                processed = new JobProcessorV2(jobs, thing, new SimulatedDevice(workTime),
                        new ConsoleEvents(out, System.nanoTime(), stop)).run(stop);
            }
            allAsExpected = report(out, local.control(), demoJobs, processed);
            out.println();
            out.println("Stopping the broker...");
        } finally {
            ctrlC.close();
        }
        if (!allAsExpected) {
            out.println("Some jobs did not reach their expected status (see the table above).");
            return 1;
        }
        out.printf("All %d jobs reached their expected status (checked with the service). Total time %s.%n",
                demoJobs.size(), Console.seconds(System.nanoTime() - startNanos));
        return 0;
    }

    /** Prints the final table from the service's view of each execution; true if every status is as expected. */
    private boolean report(PrintWriter out, JobsControl control, List<DemoJobs.DemoJob> demoJobs,
            List<ProcessedJob> processed) {
        Map<String, ProcessedJob> byJob = new HashMap<>();
        processed.forEach(job -> byJob.put(job.jobId(), job));
        String format = "  %-19s %-18s %-13s %-8s %s%n";
        out.println();
        out.printf(format, "job", "operation", "final status", "version", "duration");
        out.printf(format, "-".repeat(19), "-".repeat(18), "-".repeat(13), "-".repeat(8), "-".repeat(8));
        boolean allAsExpected = true;
        for (DemoJobs.DemoJob demoJob : demoJobs) {
            Optional<JobExecutionData> execution = control.describeJobExecution(thing, demoJob.jobId());
            JobStatus status = execution.flatMap(JobExecutionData::status).orElse(JobStatus.UNKNOWN);
            String version = execution.map(e -> String.valueOf(e.versionNumber().orElse(-1))).orElse("-");
            ProcessedJob done = byJob.get(demoJob.jobId());
            String duration = done == null ? "-" : Console.seconds(done.duration().toNanos());
            boolean asExpected = status == demoJob.expectedStatus();
            allAsExpected &= asExpected;
            out.printf(format, demoJob.jobId(), demoJob.operation(),
                    status + (asExpected ? "" : " (expected " + demoJob.expectedStatus() + ")"), version, duration);
        }
        return allAsExpected;
    }
}
