package io.iotjobs.internal.daemon;

import io.iotjobs.core.MqttConnectionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The daemon's settings, read from its configuration file (see {@link ConfigFile}) and checked: a bad or
 * unknown setting fails with the file and the key named, before anything connects.
 *
 * @param thingName the thing whose jobs the agent runs
 * @param connection where and how it connects ({@code null} with the local switch)
 * @param handlerDirectories the Device Client handler directories (empty with the local switch: the standard
 *     handlers are installed into a directory of the run)
 * @param checkpointDirectory where checkpoints are kept ({@code null}: the agent's default, or a directory of
 *     the run with the local switch)
 * @param workDirectory where jobs get their working directories ({@code null}: the handler's default)
 * @param deviceClientJobs whether Device Client documents run
 * @param runCommands whether {@code runCommand} steps may run
 * @param stepTimeLimit how long one step may run, or {@code null} for the handler's default
 * @param jobTimeLimit how long a job may run, or {@code null} for the agent's default
 * @param killGracePeriod between SIGTERM and SIGKILL, or {@code null} for the handler's default
 * @param stepTimeoutMinutes the service's step timeout, or {@code null} for the agent's default
 * @param environment variables for every step
 */
public record DaemonConfig(
        String thingName,
        Connection connection,
        List<Path> handlerDirectories,
        Path checkpointDirectory,
        Path workDirectory,
        boolean deviceClientJobs,
        boolean runCommands,
        Duration stepTimeLimit,
        Duration jobTimeLimit,
        Duration killGracePeriod,
        Integer stepTimeoutMinutes,
        Map<String, String> environment) {

    /** The key of the handler directories (a list). */
    public static final String HANDLER_DIRECTORIES = "handlerDirectories";
    /** The thing name the local switch uses unless the file names one. */
    public static final String LOCAL_THING = "local-device";

    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    /** How the daemon authenticates. */
    public enum Kind {
        /** Mutual TLS with a certificate and private key in PEM files (AWS IoT). */
        MTLS,
        /** Plain TCP, optionally with a user name and password (a broker of your own). */
        PLAIN
    }

    /**
     * Where and how the daemon connects.
     *
     * @param kind the kind
     * @param endpoint the host
     * @param port the port
     * @param clientId the MQTT client id
     * @param certificate with MTLS: the device certificate (PEM)
     * @param privateKey with MTLS: its private key (PEM)
     * @param ca the CA certificates to trust (PEM), or {@code null} for the JVM's
     * @param username a user name, or {@code null}
     * @param password its password ({@code null} without a user name)
     */
    public record Connection(
            Kind kind,
            String endpoint,
            int port,
            String clientId,
            Path certificate,
            Path privateKey,
            Path ca,
            String username,
            String password) {

        /**
         * The connection builder for these settings.
         *
         * @return the builder (not built yet)
         */
        public MqttConnectionBuilder builder() {
            MqttConnectionBuilder builder = kind == Kind.MTLS
                    ? MqttConnectionBuilder.mtlsFromPath(endpoint, certificate, privateKey)
                            .port(port)
                    : MqttConnectionBuilder.plain(endpoint, port);
            if (ca != null) {
                builder.caFromPath(ca);
            }
            if (username != null) {
                builder.credentials(username, password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return builder.clientId(clientId);
        }

        @Override
        public String toString() {
            return kind + " " + endpoint + ":" + port + " as " + clientId;
        }
    }

    /**
     * Reads and checks the settings.
     *
     * @param values the settings by key
     * @param source the file, for errors
     * @param local whether the local switch is on (the connection settings are then not used)
     * @return the checked settings
     * @throws IllegalArgumentException naming the file and the key at fault
     */
    public static DaemonConfig read(Map<String, Object> values, String source, boolean local) {
        Settings settings = new Settings(values, source);
        String thing = local
                ? settings.string("thingName", LOCAL_THING)
                : settings.required("thingName", "(the thing whose jobs the agent runs)");
        if (!THING_NAME.matcher(thing).matches()) {
            throw new IllegalArgumentException(
                    source + ": thingName: must be 1-128 characters of [a-zA-Z0-9:_-], got \"" + thing + "\"");
        }
        Connection connection = connection(settings, thing, source, local);
        boolean deviceClientJobs = settings.flag("features.deviceClientJobs", true);
        List<Path> directories =
                settings.list(HANDLER_DIRECTORIES).stream().map(Path::of).toList();
        if (deviceClientJobs && directories.isEmpty() && !local) {
            throw new IllegalArgumentException(source + ": " + HANDLER_DIRECTORIES
                    + ": required (at least one directory of job handlers), unless features.deviceClientJobs is false");
        }
        DaemonConfig config = new DaemonConfig(
                thing,
                connection,
                directories,
                settings.path("checkpointDirectory", null),
                settings.path("workDirectory", null),
                deviceClientJobs,
                settings.flag("features.runCommands", false),
                settings.duration("stepTimeLimit"),
                settings.duration("jobTimeLimit"),
                settings.duration("killGracePeriod"),
                settings.integer("stepTimeoutMinutes", 1, 10080),
                settings.under("environment."));
        settings.refuseUnknown();
        return config;
    }

    private static Connection connection(Settings settings, String thing, String source, boolean local) {
        String type = settings.string("connection.type", "mtls");
        Kind kind;
        switch (type) {
            case "mtls":
                kind = Kind.MTLS;
                break;
            case "plain":
                kind = Kind.PLAIN;
                break;
            default:
                throw new IllegalArgumentException(
                        source + ": connection.type: must be mtls or plain, got \"" + type + "\"");
        }
        String endpoint = local
                ? settings.string("connection.endpoint", null)
                : settings.required("connection.endpoint", "(the AWS IoT data endpoint or the broker's host)");
        Integer port = settings.integer("connection.port", 1, 65535);
        String clientId = settings.string("connection.clientId", thing);
        Path certificate = settings.path("connection.certificate", null);
        Path privateKey = settings.path("connection.privateKey", null);
        Path ca = settings.path("connection.ca", null);
        String username = settings.string("connection.username", null);
        String password = settings.string("connection.password", null);
        Path passwordFile = settings.path("connection.passwordFile", null);
        if (local) {
            return null;
        }
        if (kind == Kind.MTLS) {
            readable(source, "connection.certificate", settings.required("connection.certificate", "with mtls"));
            readable(source, "connection.privateKey", settings.required("connection.privateKey", "with mtls"));
        }
        if (ca != null) {
            readable(source, "connection.ca", ca.toString());
        }
        if (password != null && passwordFile != null) {
            throw new IllegalArgumentException(
                    source + ": connection.passwordFile: give the password or the file, " + "not both");
        }
        if ((password != null || passwordFile != null) && username == null) {
            throw new IllegalArgumentException(source + ": connection.username: required with a password");
        }
        if (passwordFile != null) {
            password = PasswordFile.read(source, passwordFile);
        }
        return new Connection(
                kind,
                endpoint,
                port != null ? port : kind == Kind.MTLS ? MqttConnectionBuilder.TLS_PORT : 1883,
                clientId,
                certificate,
                privateKey,
                ca,
                username,
                username == null ? null : password == null ? "" : password);
    }

    private static void readable(String source, String key, String path) {
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalArgumentException(source + ": " + key + ": cannot read " + path);
        }
    }

    /** Reads a password kept in a file of its own (its first line). */
    static final class PasswordFile {
        private PasswordFile() {}

        static String read(String source, Path file) {
            try {
                List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.get(0);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(source + ": connection.passwordFile: cannot read " + file, e);
            }
        }
    }
}
