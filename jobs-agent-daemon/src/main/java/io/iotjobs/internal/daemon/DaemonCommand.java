package io.iotjobs.internal.daemon;

import io.iotjobs.agent.DeviceClientJobs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The daemon's command line. Exit codes: 0 after {@code --help}, {@code --version} or
 * {@code --install-handlers}; 2 for bad options or settings (the message names which); 1 if the agent cannot
 * start. While it runs it ends only by a signal: SIGTERM or Ctrl-C stop the agent cleanly first.
 */
@Command(
        name = "jobs-agent-daemon",
        mixinStandardHelpOptions = true,
        versionProvider = DaemonCommand.Version.class,
        sortOptions = false,
        description = {
            "Runs the IoT Jobs agent for one thing: takes its jobs from AWS IoT Jobs (or the local service with"
                    + " --local) one at a time and runs AWS IoT Device Client job documents (both schemas, and the AWS"
                    + " managed job templates) with the handlers of the configured directories.",
            "",
            "Settings come from a JSON or properties file; see the documentation (docs/agent.md) for every key.",
            "SIGTERM stops the agent cleanly: a running job is told to stop and stays IN_PROGRESS for the next start."
        })
public final class DaemonCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "<file>",
            description = "the settings: a .json file (nested objects) or a properties file (dotted keys)")
    private Path config;

    @Option(
            names = "--local",
            description = "run against an embedded MQTT broker and the local Jobs service (with its HTTP control"
                    + " API) in this process, to try the agent out; the file's connection settings are not used")
    private boolean local;

    @Option(
            names = "--mqtt-port",
            paramLabel = "<port>",
            defaultValue = "0",
            description = "with --local: the broker's port on 127.0.0.1 (default: a free one)")
    private int mqttPort;

    @Option(
            names = "--http-port",
            paramLabel = "<port>",
            defaultValue = "0",
            description = "with --local: the control API's port on 127.0.0.1 (default: a free one)")
    private int httpPort;

    @Option(
            names = "--install-handlers",
            paramLabel = "<dir>",
            description = "write the standard job handlers into a directory (permissions 700) and exit")
    private Path installHandlers;

    @Option(names = "--log-json", description = "log one JSON object per line (default: text lines with key=value)")
    private boolean logJson;

    @Option(
            names = {"-v", "--verbose"},
            description = "log what the agent does in detail")
    private boolean verbose;

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * A command that prints to the given stream.
     *
     * @param out where the local switch's hints and the installer's report go
     */
    public DaemonCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (installHandlers != null) {
            DeviceClientJobs.installStandardHandlers(installHandlers);
            out.println(
                    "installed " + String.join(", ", DeviceClientJobs.standardHandlers()) + " in " + installHandlers);
            return 0;
        }
        if (config == null && !local) {
            throw usage("--config <file> is required (or --local to try the agent out)");
        }
        for (int port : new int[] {mqttPort, httpPort}) {
            if (port < 0 || port > 65535) {
                throw usage("--mqtt-port and --http-port: must be 0 (a free port) to 65535, got " + port);
            }
        }
        DaemonConfig settings;
        try {
            Map<String, Object> values = config == null ? Map.of() : ConfigFile.read(config);
            settings = DaemonConfig.read(values, config == null ? "(no file)" : config.toString(), local);
        } catch (IllegalArgumentException | IOException e) {
            throw usage(
                    e instanceof IOException
                            ? "--config: cannot read " + config + ": " + e.getMessage()
                            : e.getMessage());
        }
        Logging.configure(logJson, verbose);
        RunningDaemon daemon;
        try {
            daemon = RunningDaemon.start(settings, local ? new RunningDaemon.Local(mqttPort, httpPort) : null, out);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("jobs-agent-daemon: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            stopped.countDown();
                        },
                        "jobs-agent-daemon-shutdown"));
        stopped.await();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The version from the jar's manifest. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DaemonCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jobs-agent-daemon " + (version == null ? "(development build)" : version)};
        }
    }
}
