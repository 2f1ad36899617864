package io.iotjobs.samples;

import io.iotjobs.core.JobsException;
import io.iotjobs.v2.V2ServiceException;
import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The samples' entry point: {@code java -jar jobs-samples.jar <command>}, with the commands {@code demo},
 * {@code job-processor} (V1), {@code job-processor-v2}, {@code monitor} and {@code agent}. Every command has {@code --help}.
 *
 * <p>Exit codes: 0 done, 1 failed (the message says why), 2 bad arguments.
 */
@Command(
        name = "jobs-samples",
        mixinStandardHelpOptions = true,
        versionProvider = SamplesMain.Version.class,
        description = "Samples of the IoT Jobs SDK for Java. Each runs on its own with a broker and the local Jobs"
                + " service in this process, or against AWS IoT with --endpoint, --cert, --key and --thing.",
        subcommands = {
            DemoCommand.class,
            JobProcessorCommand.class,
            JobProcessorV2Command.class,
            MonitorCommand.class,
            AgentCommand.class,
            TelemetryCommand.class
        },
        footer = {"", "Start with: java -jar jobs-samples.jar demo"})
public final class SamplesMain implements Runnable {

    @Spec
    private CommandSpec spec;

    /**
     * Runs a command and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int exitCode = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(exitCode);
    }

    /**
     * Runs a command without exiting (tests use it).
     *
     * @param out the command's output
     * @param err usage errors and failures
     * @param args the command line
     * @return the exit code: 0 done, 1 failed, 2 bad arguments
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, CommandLine.defaultFactory(), args);
    }

    /** Runs a command whose objects the factory makes (tests hand the demo a stop signal this way). */
    static int execute(PrintWriter out, PrintWriter err, CommandLine.IFactory factory, String... args) {
        CommandLine commandLine = new CommandLine(new SamplesMain(), factory);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println("error: " + describe(e));
            return command.getCommandSpec().exitCodeOnExecutionException();
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "choose a command: demo, job-processor, job-processor-v2 or monitor");
    }

    private static String describe(Throwable e) {
        if (e instanceof CompletionException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof V2ServiceException) {
            return JobProcessorV2.describe((V2ServiceException) e);
        }
        if (e instanceof SampleFailure || e instanceof JobsException) {
            return e.getMessage(); // these say what failed and why
        }
        return e.toString();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SamplesMain.class.getPackage().getImplementationVersion();
            return new String[] {"jobs-samples " + (version == null ? "(development build)" : version)};
        }
    }
}
