package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.HttpControlApi;
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
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs everything in this process: an embedded MQTT broker, the local Jobs service and a device running"
                    + " the V2 job loop. Queues four jobs for the device (a firmware update and a configuration update"
                    + " that succeed, an unknown operation that fails, a factory reset the device rejects), prints each"
                    + " state change and a final table, and checks every final status with the service.",
            "",
            "With --console, the local service's web console (and its HTTP control API) is served on 127.0.0.1, and"
                    + " after the table the broker, the service and the device stay up until Ctrl-C: open the printed"
                    + " address in a browser, watch the executions and the traffic, and create jobs for the device.",
            "",
            "Exit code 0 when every job reached its expected status, 1 otherwise. Always local: for AWS IoT use"
                    + " job-processor-v2 --endpoint ..."
        })
final class DemoCommand implements Callable<Integer> {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    @Option(
            names = "--thing",
            paramLabel = "<name>",
            defaultValue = ConnectionOptions.DEFAULT_THING,
            description = "the device's thing name (default: ${DEFAULT-VALUE})")
    private String thing;

    @Option(
            names = "--work-time",
            paramLabel = "<time>",
            defaultValue = "400ms",
            converter = DurationConverter.class,
            description = "how long the simulated firmware update takes (default: ${DEFAULT-VALUE})")
    private Duration workTime;

    @Option(
            names = "--console",
            description = "serve the web console and keep the broker, the service and the"
                    + " device up after the demo, until Ctrl-C")
    private boolean console;

    @Option(
            names = "--console-port",
            paramLabel = "<port>",
            defaultValue = "8080",
            description = "the web console's port on 127.0.0.1, with --console (default: ${DEFAULT-VALUE}; 0 picks a"
                    + " free one)")
    private int consolePort;

    @Mixin
    private LoggingOptions logging;

    /** Ends the stay after the demo (Ctrl-C, or a test). */
    private final StopSignal stayUntil;

    DemoCommand() {
        this(new StopSignal());
    }

    /** A demo whose stay after the table ends when the signal is stopped (tests). */
    DemoCommand(StopSignal stayUntil) {
        this.stayUntil = stayUntil;
    }

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"--endpoint", "--cert", "--key", "--ca", "--port", "--client-id", "--broker"},
            hidden = true,
            paramLabel = "<value>")
    void notLocal(String value) {
        throw new ParameterException(
                spec.commandLine(),
                "demo always runs locally (its own broker and Jobs"
                        + " service); to use AWS IoT or another broker, run job-processor-v2, job-processor or monitor with"
                        + " --endpoint ... or --broker ...");
    }

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.requireThingName(spec, thing);
        if (consolePort < 0 || consolePort > 65535) {
            throw new ParameterException(spec.commandLine(), "--console-port: must be in 0..65535, got " + consolePort);
        }
        if (!console && spec.commandLine().getParseResult().hasMatchedOption("--console-port")) {
            throw new ParameterException(spec.commandLine(), "--console-port: only with --console");
        }
        PrintWriter out = spec.commandLine().getOut();
        long startNanos = System.nanoTime();
        out.println("IoT Jobs demo: an embedded MQTT broker, the local Jobs service and a device running the V2 job");
        out.println("loop, all in this process.");
        out.println();

        StopSignal stop = new StopSignal();
        StopOnCtrlC ctrlC = StopOnCtrlC.install(stop, TIME_LIMIT);
        boolean allAsExpected;
        List<DemoJobs.DemoJob> demoJobs = DemoJobs.all();
        try (LocalJobs local = LocalJobs.start();
                HttpControlApi http = console ? local.serveConsole(consolePort) : null) {
            out.printf(
                    "  broker   %s (embedded, started in %s)%n",
                    local.serverUri(), Console.seconds(System.nanoTime() - startNanos));
            out.printf("  service  local Jobs service, on a connection of its own%n");
            if (http != null) {
                out.printf(
                        "  console  %s (the service's web console: open it in a browser)%n",
                        http.consoleUri().orElseThrow());
            }
            out.printf("  device   %s: IotJobsClientV2, GetPending -> StartNext -> run -> Update%n", thing);
            DemoJobs.create(local.control(), thing, demoJobs);
            out.printf(
                    "  jobs     %d queued: %s%n%n",
                    demoJobs.size(),
                    demoJobs.stream().map(DemoJobs.DemoJob::jobId).collect(Collectors.joining(", ")));

            try (MqttConnection connection = local.connectDevice(thing);
                    IotJobsClientV2 jobs = new IotJobsClientV2(connection)) {
                List<ProcessedJob> processed = new JobProcessorV2(
                                jobs,
                                thing,
                                new SimulatedDevice(workTime),
                                new ConsoleEvents(out, System.nanoTime(), stop))
                        .run(stop);
                allAsExpected = report(out, local.control(), demoJobs, processed);
                if (http != null) {
                    ctrlC.close();
                    ctrlC = stay(out, jobs, http.consoleUri().orElseThrow(), startNanos);
                }
            }
            out.println();
            out.println("Stopping the broker...");
        } finally {
            ctrlC.close();
        }
        if (!allAsExpected) {
            out.println("Some jobs did not reach their expected status (see the table above).");
            return 1;
        }
        out.printf(
                "All %d jobs reached their expected status (checked with the service). Total time %s.%n",
                demoJobs.size(), Console.seconds(System.nanoTime() - startNanos));
        return 0;
    }

    /**
     * Keeps the device running jobs (the broker and the service with it) until Ctrl-C, for a look at the console.
     *
     * @return the Ctrl-C hook of the stay, to close when it ended
     */
    private StopOnCtrlC stay(PrintWriter out, IotJobsClientV2 jobs, String consoleUri, long startNanos)
            throws InterruptedException {
        StopOnCtrlC ctrlC = StopOnCtrlC.install(stayUntil, null);
        out.println();
        out.printf(
                "The broker, the service and the device stay up: look at %s and create jobs for %s there%n",
                consoleUri, thing);
        out.println("(documents with \"operation\": \"firmware_update\", \"config_update\" or anything else)."
                + " Stop with Ctrl-C.");
        out.flush();
        new JobProcessorV2(jobs, thing, new SimulatedDevice(workTime), new ConsoleEvents(out, startNanos, null))
                .run(stayUntil);
        return ctrlC;
    }

    /** Prints the final table from the service's view of each execution; true if every status is as expected. */
    private boolean report(
            PrintWriter out, JobsControl control, List<DemoJobs.DemoJob> demoJobs, List<ProcessedJob> processed) {
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
            String version = execution
                    .map(e -> String.valueOf(e.versionNumber().orElse(-1)))
                    .orElse("-");
            ProcessedJob done = byJob.get(demoJob.jobId());
            String duration =
                    done == null ? "-" : Console.seconds(done.duration().toNanos());
            boolean asExpected = status == demoJob.expectedStatus();
            allAsExpected &= asExpected;
            out.printf(
                    format,
                    demoJob.jobId(),
                    demoJob.operation(),
                    status + (asExpected ? "" : " (expected " + demoJob.expectedStatus() + ")"),
                    version,
                    duration);
        }
        return allAsExpected;
    }
}
