package io.iotjobs.samples;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobOutcome;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.EmbeddedBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code agent}: the job agent ({@code jobs-agent}) against the local Jobs service, all in this process: five
 * jobs that succeed with progress and checkpoints, fail, have no handler (rejected), are canceled while they
 * run, and succeed after that. Exit code 0 when every job ended as expected, 1 otherwise.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the job agent against an embedded MQTT broker and the local Jobs service in this process."
                    + " Five jobs: a copy job that reports progress and checkpoints, a job whose handler throws (FAILED),"
                    + " a job no handler accepts (REJECTED), a long job canceled at the service while it runs (the"
                    + " handler is told and nothing is reported over the cancellation), and a last copy job.",
            "",
            "Exit code 0 when every job ended as expected, 1 otherwise."
        })
final class AgentCommand implements Callable<Integer> {

    private static final List<JobStatus> EXPECTED =
            List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.REJECTED, JobStatus.CANCELED, JobStatus.SUCCEEDED);

    @Mixin
    private LoggingOptions logging;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("IoT Jobs agent demo: an embedded MQTT broker, the local Jobs service and a device running");
        out.println("JobsAgent, all in this process.");
        out.println();
        List<JobOutcome> outcomes;
        try (EmbeddedBroker broker = EmbeddedBroker.builder().start();
                PrintStream printer = new PrintStream(new LineForwarder(out), true, StandardCharsets.UTF_8)) {
            outcomes = AgentDemo.run(broker, printer);
        }
        List<JobStatus> statuses =
                outcomes.stream().map(o -> o.status().orElse(JobStatus.UNKNOWN)).toList();
        boolean asExpected = statuses.equals(EXPECTED)
                && outcomes.get(3)
                        .cancellation()
                        .filter(CancellationReason.CANCELED::equals)
                        .isPresent();
        out.println();
        out.println(asExpected ? "every job ended as expected" : "unexpected endings: " + statuses);
        out.flush();
        return asExpected ? 0 : 1;
    }

    /** Passes bytes printed by the demo to the command's writer. */
    private static final class LineForwarder extends java.io.OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineForwarder(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            out.print(line.toString(StandardCharsets.UTF_8));
            out.flush();
            line.reset();
        }
    }
}
