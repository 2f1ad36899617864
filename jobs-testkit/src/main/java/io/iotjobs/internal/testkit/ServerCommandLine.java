package io.iotjobs.internal.testkit;

import io.iotjobs.internal.net.IpLiterals;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the standalone local Jobs server, parsed with picocli. Only this class touches picocli
 * (an optional dependency of the testkit, present in the standalone jar), so that the server class itself
 * loads without it.
 *
 * <p>Stateless apart from one parse; not thread-safe.
 */
public final class ServerCommandLine {

    /** Exit code for a successful {@code --help}. */
    public static final int EXIT_OK = 0;
    /** Exit code for bad arguments. */
    public static final int EXIT_USAGE = 2;

    /** The parsed settings. */
    public static final class Settings {
        private final int mqttPort;
        private final int httpPort;
        private final String bindAddress;
        private final int receiveMaximum;
        private final boolean console;

        Settings(int mqttPort, int httpPort, String bindAddress, int receiveMaximum, boolean console) {
            this.mqttPort = mqttPort;
            this.httpPort = httpPort;
            this.bindAddress = bindAddress;
            this.receiveMaximum = receiveMaximum;
            this.console = console;
        }

        /**
         * The MQTT port.
         *
         * @return 0..65535
         */
        public int mqttPort() {
            return mqttPort;
        }

        /**
         * The HTTP port.
         *
         * @return 0..65535
         */
        public int httpPort() {
            return httpPort;
        }

        /**
         * The bind address of both listeners.
         *
         * @return an IP address
         */
        public String bindAddress() {
            return bindAddress;
        }

        /**
         * The broker's receive maximum.
         *
         * @return 1..65535
         */
        public int receiveMaximum() {
            return receiveMaximum;
        }

        /**
         * Whether the HTTP port also serves the web console.
         *
         * @return false after {@code --no-console}
         */
        public boolean console() {
            return console;
        }
    }

    /** What a parse gave: settings to run with, or an exit code (help shown, or an error explained). */
    public static final class Outcome {
        private final Settings settings;
        private final int exitCode;

        private Outcome(Settings settings, int exitCode) {
            this.settings = settings;
            this.exitCode = exitCode;
        }

        /**
         * The settings, when the server should start.
         *
         * @return the settings, or {@code null} when the program should exit with {@link #exitCode()}
         */
        public Settings settings() {
            return settings;
        }

        /**
         * The exit code when there are no settings.
         *
         * @return {@link #EXIT_OK} after {@code --help}, {@link #EXIT_USAGE} after an error
         */
        public int exitCode() {
            return exitCode;
        }
    }

    @Command(
            name = "local-jobs-server",
            sortOptions = false,
            synopsisHeading = "Usage: ",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n",
            description = {
                "Runs a local AWS IoT Jobs service: an MQTT 5 broker, the Jobs service on it (the Jobs device API"
                        + " over MQTT, as AWS IoT offers it), and an HTTP control API with the paths of the AWS IoT"
                        + " control plane (CreateJob PUT /jobs/<jobId>, CancelJob, DeleteJob, DescribeJob, ListJobs,"
                        + " ListJobExecutionsForThing, DescribeJobExecution, CancelJobExecution, DeleteJobExecution).",
                "The HTTP port also serves a web console at / (jobs, things, the device traffic live, fault"
                        + " injection) unless --no-console is given.",
                "Every MQTT and HTTP request is logged on one line. Stop it with Ctrl-C or SIGTERM."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  java -jar jobs-testkit-<version>-standalone.jar --http-port 8080",
                "  curl -X PUT http://127.0.0.1:8080/jobs/fw-1 \\",
                "    -H 'Content-Type: application/json' \\",
                "    -d '{\"targets\":[\"dev-1\"],\"document\":\"{\\\"op\\\":\\\"install\\\"}\"}'",
                "  aws iot create-job --endpoint-url http://127.0.0.1:8080 \\",
                "    --job-id fw-2 --targets dev-1 --document '{\"op\":\"install\"}'"
            })
    static final class Arguments {
        @Option(
                names = "--mqtt-port",
                paramLabel = "N",
                description = "TCP port of the MQTT broker (plain MQTT"
                        + " 3.1.1 and 5, no TLS, no authentication); 0 picks a free port. Default: ${DEFAULT-VALUE}.")
        int mqttPort = 1883;

        @Option(
                names = "--http-port",
                paramLabel = "N",
                description = "TCP port of the HTTP control API; 0 picks a" + " free port. Default: ${DEFAULT-VALUE}.")
        int httpPort = 8080;

        @Option(
                names = "--bind",
                paramLabel = "ADDRESS",
                description = "IP address both listeners bind to."
                        + " The default ${DEFAULT-VALUE} accepts only this machine; 0.0.0.0 accepts devices from other"
                        + " machines (there is no authentication: trusted networks only).")
        String bind = LocalPorts.LOOPBACK_HOST;

        @Option(
                names = "--receive-maximum",
                paramLabel = "N",
                description = "How many QoS 1 publishes each MQTT"
                        + " client may have unacknowledged at once (announced in CONNACK), 1..65535. Default:"
                        + " ${DEFAULT-VALUE}, the value AWS IoT Core announces.")
        int receiveMaximum = 100;

        @Option(
                names = "--no-console",
                description = "Do not serve the web console on the HTTP port (the control" + " API stays).")
        boolean noConsole;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help and exit.")
        boolean help;
    }

    private ServerCommandLine() {}

    /**
     * Parses the arguments. Prints the help to {@code out} for {@code --help}, or an error naming the option
     * and a hint to {@code err} for bad arguments.
     *
     * @param args the command-line arguments
     * @param out where the help goes
     * @param err where errors go
     * @return the settings, or the exit code
     */
    public static Outcome parse(String[] args, PrintWriter out, PrintWriter err) {
        Arguments arguments = new Arguments();
        CommandLine commandLine = new CommandLine(arguments);
        String version = ServerCommandLine.class.getPackage().getImplementationVersion();
        commandLine.setCommandName(
                "java -jar jobs-testkit-" + (version == null ? "<version>" : version) + "-standalone.jar");
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(err, e.getMessage());
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(out);
            out.flush();
            return new Outcome(null, EXIT_OK);
        }
        String problem = port("--mqtt-port", arguments.mqttPort);
        if (problem == null) {
            problem = port("--http-port", arguments.httpPort);
        }
        if (problem == null && (arguments.receiveMaximum < 1 || arguments.receiveMaximum > 65535)) {
            problem = "--receive-maximum: must be in 1..65535, got " + arguments.receiveMaximum;
        }
        if (problem == null && (arguments.bind == null || !IpLiterals.isIpLiteral(arguments.bind))) {
            problem = "--bind: must be an IP address such as 127.0.0.1 or 0.0.0.0, got \"" + arguments.bind + "\"";
        }
        if (problem == null && arguments.mqttPort != 0 && arguments.mqttPort == arguments.httpPort) {
            problem = "--http-port: must differ from --mqtt-port, both are " + arguments.mqttPort;
        }
        if (problem != null) {
            return usageError(err, problem);
        }
        return new Outcome(
                new Settings(
                        arguments.mqttPort,
                        arguments.httpPort,
                        arguments.bind,
                        arguments.receiveMaximum,
                        !arguments.noConsole),
                EXIT_OK);
    }

    private static Outcome usageError(PrintWriter err, String message) {
        err.println("local-jobs-server: " + message);
        err.println("Run with --help to see every option.");
        err.flush();
        return new Outcome(null, EXIT_USAGE);
    }

    private static String port(String option, int value) {
        return value < 0 || value > 65535 ? option + ": must be in 0..65535, got " + value : null;
    }

    /**
     * Sets up slf4j-simple (the binding in the standalone jar) for a server console: INFO with the time and
     * the short logger name on standard output, the broker's own logging at WARN. Settings given with
     * {@code -D} win. System properties only: without slf4j-simple they are ignored. Call before anything logs.
     */
    public static void configureLogging() {
        String prefix = "org.slf4j.simpleLogger.";
        setIfAbsent(prefix + "logFile", "System.out");
        setIfAbsent(prefix + "defaultLogLevel", "info");
        setIfAbsent(prefix + "showDateTime", "true");
        setIfAbsent(prefix + "dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent(prefix + "showThreadName", "false");
        setIfAbsent(prefix + "showLogName", "false");
        setIfAbsent(prefix + "showShortLogName", "true");
        for (String quiet : List.of("com.hivemq", "migrations", "jetbrains.exodus", "io.netty", "org.jboss")) {
            setIfAbsent(prefix + "log." + quiet, "warn");
        }
        setIfAbsent(prefix + "log.oshi", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
