package io.iotjobs.it.support;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.clients.TestTransports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A Mosquitto broker run as a child process ({@code mosquitto -c <own config file>}) on a free port of
 * {@code 127.0.0.1} (below the ephemeral range, so that no other program is given it while the broker is
 * stopped for a restart), for tests against a real, separate MQTT 5 broker.
 *
 * <p>The configuration written for it: a listener on {@code 127.0.0.1:<port>}, anonymous clients allowed,
 * TCP_NODELAY on, the receive maximum ({@code max_inflight_messages}) of the builder, logging to standard
 * error stream (captured for {@link #log()}, including the subscribe and unsubscribe log types), optional
 * file persistence in a folder of its own, optionally denied topics (dynamic security plugin), optionally a
 * second listener for mutual TLS (CA, server certificate and key as PEM files, client certificate required),
 * and {@code user root} when this JVM runs as root (otherwise Mosquitto would switch to the {@code mosquitto}
 * user, who cannot write our folders).
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.builder().persistence(true).start()) {
 *     MqttConnection connection = broker.connectionBuilder().clientId("dev-1").build();
 *     ...
 *     broker.stop();    // SIGTERM; Mosquitto saves its sessions first
 *     broker.start();   // same port, same data folder
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> All methods may be called from any thread; {@link #start()}, {@link #stop()},
 * {@link #restart()} and {@link #close()} block until the broker accepts connections or has exited, and are
 * serialised per instance. One daemon thread per running process ({@code mosquitto-log-<port>}) copies its
 * output into {@link #log()}; it ends with the process.
 */
public final class MosquittoBroker implements Broker {

    /** Candidate folders besides {@code PATH}: Debian installs the broker to {@code /usr/sbin}. */
    private static final List<String> EXTRA_BIN_FOLDERS = List.of("/usr/sbin", "/usr/local/sbin");

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final boolean persistence;
    private final int maxInflightMessages;
    private final int maxPacketSize;
    private final List<String> denied;
    private final Duration startTimeout;
    private final Path executable;
    private final Tls tls;
    // WebSocket listener and password file (custom authorizer and WebSocket tests)
    private final boolean webSockets;
    private final Map<String, String> users;

    // guarded by "this"
    private Path folder;
    private int port;
    private int tlsPort;
    private int webSocketPort;
    private Process process;
    private boolean closed;

    private final ProcessLog log = new ProcessLog("mosquitto");

    private MosquittoBroker(Builder builder) {
        this.persistence = builder.persistence;
        this.maxInflightMessages = builder.maxInflightMessages;
        this.maxPacketSize = builder.maxPacketSize;
        this.denied = List.copyOf(builder.denied);
        this.startTimeout = builder.startTimeout;
        this.tls = builder.tls;
        this.webSockets = builder.webSockets;
        this.users = new LinkedHashMap<>(builder.users);
        this.executable = executable()
                .orElseThrow(() -> new IllegalStateException("the mosquitto binary was not found on PATH nor in "
                        + EXTRA_BIN_FOLDERS + " (install it with: apt-get install -y mosquitto)"));
    }

    /**
     * A builder with the defaults: no persistence, receive maximum 100, no ACL, a 10 second start timeout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the {@code mosquitto} binary is: the first match on {@code PATH}, then {@code /usr/sbin} and
     * {@code /usr/local/sbin}. Does not start anything.
     *
     * @return the executable, or empty when Mosquitto is not installed
     */
    public static Optional<Path> executable() {
        List<String> folders = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        folders.addAll(EXTRA_BIN_FOLDERS);
        return folders.stream()
                .filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, "mosquitto"))
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Whether the {@code mosquitto} binary is installed (see {@link #executable()}).
     *
     * @return true when it can be started
     */
    public static boolean isInstalled() {
        return executable().isPresent();
    }

    /**
     * Where Mosquitto's dynamic security plugin is ({@code mosquitto_dynamic_security.so}, shipped with the
     * Debian package), needed by {@link Builder#deny(String)}.
     *
     * @return the plugin, or empty when not found under {@code /usr/lib}, {@code /usr/lib/<arch>},
     *     {@code /usr/local/lib} or {@code /usr/local/lib/<arch>}
     */
    public static Optional<Path> dynamicSecurityPlugin() {
        String name = "mosquitto_dynamic_security.so";
        for (String root : List.of("/usr/lib", "/usr/local/lib", "/usr/lib64")) {
            Path direct = Path.of(root, name);
            if (Files.isRegularFile(direct)) {
                return Optional.of(direct);
            }
            try (Stream<Path> children = Files.list(Path.of(root))) {
                Optional<Path> found = children.map(child -> child.resolve(name))
                        .filter(Files::isRegularFile)
                        .findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                // no such folder
            }
        }
        return Optional.empty();
    }

    /**
     * The dynamic security configuration: everything allowed by default; for clients without a user name (the
     * anonymous group), publishing to and subscribing to the denied filters is refused.
     */
    private static String dynamicSecurityJson(List<String> denied) {
        StringBuilder acls = new StringBuilder();
        for (String filter : denied) {
            for (String type : List.of("subscribePattern", "publishClientSend")) {
                if (acls.length() > 0) {
                    acls.append(",\n");
                }
                acls.append("      {\"acltype\": \"")
                        .append(type)
                        .append("\", \"topic\": \"")
                        .append(filter)
                        .append("\", \"priority\": 0, \"allow\": false}");
            }
        }
        return "{\n"
                + "  \"defaultACLAccess\": {\"publishClientSend\": true, \"publishClientReceive\": true,"
                + " \"subscribe\": true, \"unsubscribe\": true},\n"
                + "  \"clients\": [],\n"
                + "  \"groups\": [{\"groupname\": \"anonymous\", \"roles\": [{\"rolename\": \"denied\"}]}],\n"
                + "  \"roles\": [{\"rolename\": \"denied\", \"acls\": [\n" + acls + "\n  ]}],\n"
                + "  \"anonymousGroup\": \"anonymous\"\n"
                + "}\n";
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.MOSQUITTO;
    }

    /**
     * Starts the broker and blocks until it reports that it runs and its port accepts TCP connections (polled
     * every 20 ms), or fails after the start timeout. The first start picks a free port and creates the folder for the configuration and
     * the data; later starts reuse both, so persistent sessions come back. Does nothing while running.
     *
     * @return this broker
     * @throws IllegalStateException if it exits (for example "Address already in use" when another program took
     *     the port while it was stopped) or does not listen within the start timeout (the message carries its
     *     log), or after {@link #close()}
     */
    @Override
    public synchronized MosquittoBroker start() {
        if (closed) {
            throw new IllegalStateException("this Mosquitto broker is closed");
        }
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            if (folder == null) {
                folder = Files.createTempDirectory("iotjobs-it-mosquitto-");
                port = freePort();
                if (tls != null) {
                    do {
                        tlsPort = freePort();
                    } while (tlsPort == port);
                }
                if (webSockets) {
                    do {
                        webSocketPort = freePort();
                    } while (webSocketPort == port || webSocketPort == tlsPort);
                }
            }
            Path config = writeConfig();
            ProcessBuilder command = new ProcessBuilder(executable.toString(), "-c", config.toString())
                    .directory(folder.toFile())
                    .redirectErrorStream(true);
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto: " + e.getMessage(), e);
        }
        Process started = process;
        AtomicBoolean running = new AtomicBoolean();
        log.follow(started, "mosquitto-log-" + port, line -> {
            if (line.contains("mosquitto version") && line.endsWith(" running")) {
                running.set(true);
            }
        });
        awaitListening(started, running);
        return this;
    }

    /**
     * Stops the broker with SIGTERM and waits for it to exit (Mosquitto saves its sessions first when
     * persistence is on). Connected clients lose their connection. The port and folder are kept for
     * {@link #start()}. Does nothing when not running.
     *
     * @throws IllegalStateException if it did not exit within 10 seconds (it is then killed)
     */
    @Override
    public synchronized void stop() {
        Process running = process;
        process = null;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "mosquitto did not exit within 10 s of SIGTERM; killed it." + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping mosquitto", e);
        }
    }

    /**
     * Stops, then starts again on the same port with the same data folder.
     *
     * @throws IllegalStateException as {@link #stop()} and {@link #start()}
     */
    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Stops the broker if it runs and deletes its folder (configuration and data). Idempotent; a closed
     * broker cannot be started again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (folder != null) {
                deleteRecursively(folder);
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    /**
     * The port (chosen by the first {@link #start()}; the same after restarts).
     *
     * @return the port
     * @throws IllegalStateException before the first start
     */
    @Override
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("the port is chosen by the first start(): start the broker first");
        }
        return port;
    }

    /**
     * The port of the mutual TLS listener (chosen on the first start and kept across restarts).
     *
     * @return the port
     * @throws IllegalStateException if the broker was built without {@link Builder#tls(Path, Path, Path)} or
     *     has not been started yet
     */
    public synchronized int tlsPort() {
        if (tls == null) {
            throw new IllegalStateException("this Mosquitto broker has no TLS listener (Builder.tls)");
        }
        if (tlsPort == 0) {
            throw new IllegalStateException("this Mosquitto broker has not been started yet");
        }
        return tlsPort;
    }

    /**
     * The port of the WebSocket listener ({@code ws://127.0.0.1:<port>/}, any path), chosen on the first start.
     *
     * @return the port
     * @throws IllegalStateException if the broker was built without {@link Builder#webSockets()} or has not been
     *     started yet
     */
    public synchronized int webSocketPort() {
        if (!webSockets || webSocketPort == 0) {
            throw new IllegalStateException(
                    webSockets
                            ? "this Mosquitto broker has not been started yet"
                            : "this Mosquitto broker has no WebSocket listener (Builder.webSockets)");
        }
        return webSocketPort;
    }

    /**
     * The folder holding the configuration file, the ACL file and the persistence data (created by the
     * first {@link #start()}, deleted by {@link #close()}).
     *
     * @return the folder
     * @throws IllegalStateException before the first start
     */
    public synchronized Path folder() {
        if (folder == null) {
            throw new IllegalStateException("the folder is created by the first start(): start the broker first");
        }
        return folder;
    }

    @Override
    public MqttConnectionBuilder connectionBuilder() {
        return TestTransports.apply(MqttConnectionBuilder.plain(host(), port()));
    }

    @Override
    public boolean keepsSessionsAcrossRestart() {
        return persistence;
    }

    /**
     * Everything the broker printed so far (the last 2000 lines, across restarts).
     *
     * @return the log lines, oldest first
     */
    public List<String> log() {
        return log.lines();
    }

    @Override
    public String diagnostics() {
        return "mosquitto on port " + port + (isRunning() ? " (running)" : " (not running)") + logTail();
    }

    @Override
    public String toString() {
        return "MosquittoBroker[port=" + port + ", persistence=" + persistence + ", maxInflightMessages="
                + maxInflightMessages + (denied.isEmpty() ? "" : ", denied=" + denied) + "]";
    }

    // ------------------------------------------------------------------------------------------------------

    private Path writeConfig() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.add("allow_anonymous true");
        lines.add("set_tcp_nodelay true");
        lines.add("max_inflight_messages " + maxInflightMessages);
        if (maxPacketSize > 0) {
            lines.add("max_packet_size " + maxPacketSize);
        }
        // stderr: Mosquitto does not flush standard output after each line when it is a pipe
        lines.add("log_dest stderr");
        for (String type : List.of("error", "warning", "notice", "information", "subscribe", "unsubscribe")) {
            lines.add("log_type " + type);
        }
        lines.add("log_timestamp_format %H:%M:%S");
        if (tls != null) {
            // the lines after a listener line configure that listener
            lines.add("listener " + tlsPort + " 127.0.0.1");
            lines.add("cafile " + tls.caFile);
            lines.add("certfile " + tls.certFile);
            lines.add("keyfile " + tls.keyFile);
            lines.add("require_certificate true");
        }
        if (webSockets) {
            lines.add("listener " + webSocketPort + " 127.0.0.1");
            lines.add("protocol websockets");
        }
        if (!users.isEmpty()) {
            // anonymous clients still connect; a client that gives a user name must give its password
            lines.add("password_file " + passwordFile());
        }
        if (persistence) {
            Path data = Files.createDirectories(folder.resolve("data"));
            lines.add("persistence true");
            lines.add("persistence_location " + data + "/");
        } else {
            lines.add("persistence false");
        }
        if (!denied.isEmpty()) {
            Path plugin = dynamicSecurityPlugin()
                    .orElseThrow(() -> new IllegalStateException(
                            "denying topics needs mosquitto's dynamic security plugin, which was not found"));
            Path security = folder.resolve("dynamic-security.json");
            if (!Files.exists(security)) {
                Files.writeString(security, dynamicSecurityJson(denied), StandardCharsets.UTF_8);
            }
            lines.add("plugin " + plugin);
            lines.add("plugin_opt_config_file " + security);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            lines.add("user root");
        }
        Path config = folder.resolve("mosquitto.conf");
        Files.write(config, lines, StandardCharsets.UTF_8);
        return config;
    }

    /** Writes the password file with Mosquitto's own {@code mosquitto_passwd}, so it hashes as the broker checks. */
    private Path passwordFile() throws IOException {
        Path file = folder.resolve("passwords");
        Files.deleteIfExists(file);
        Files.createFile(file);
        for (Map.Entry<String, String> user : users.entrySet()) {
            Process passwd = new ProcessBuilder(
                            "mosquitto_passwd", "-b", file.toString(), user.getKey(), user.getValue())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(passwd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (passwd.waitFor() != 0) {
                    throw new IllegalStateException(
                            "mosquitto_passwd failed for user " + user.getKey() + ": " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the password file", e);
            }
        }
        return file;
    }

    /**
     * Waits until this process says it runs (it logs that after opening its listener) and the port accepts
     * connections. Only the port would not do: after a stop, another program may take the port, and this
     * process then exits with "Address already in use" while the port still accepts.
     */
    private void awaitListening(Process started, AtomicBoolean running) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (running.get()
                    && started.isAlive()
                    && accepts(port)
                    && (tls == null || accepts(tlsPort))
                    && (!webSockets || accepts(webSocketPort))) {
                return;
            }
            try {
                // waiting for the process doubles as the poll interval and notices an early exit
                if (started.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    synchronized (this) {
                        process = null;
                    }
                    throw new IllegalStateException("mosquitto exited with status " + started.exitValue()
                            + " instead of listening on port " + port + logTail());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.destroyForcibly();
                throw new IllegalStateException("interrupted while waiting for mosquitto to listen", e);
            }
            if (System.nanoTime() > deadline) {
                started.destroyForcibly();
                synchronized (this) {
                    process = null;
                }
                throw new IllegalStateException("mosquitto did not listen on port " + port + " within "
                        + startTimeout.toMillis() + " ms" + logTail());
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        return log.tail();
    }

    /**
     * A free port below Linux's default ephemeral range (32768 and up), where the operating system does not
     * hand out ports to other programs' outgoing connections or {@code ServerSocket(0)}: the port stays free
     * for a restart. Falls back to any free port.
     */
    private static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 50; i++) {
            int candidate = random.nextInt(20000, 32000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Configures a {@link MosquittoBroker}. Not thread-safe. */
    public static final class Builder {
        private boolean persistence;
        private int maxInflightMessages = 100;
        private int maxPacketSize;
        private final List<String> denied = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(10);
        private Tls tls;
        private boolean webSockets;
        private final Map<String, String> users = new LinkedHashMap<>();

        private Builder() {}

        /**
         * A WebSocket listener ({@code protocol websockets}) on a port of its own,
         * {@link MosquittoBroker#webSocketPort()}.
         *
         * @return this builder
         */
        public Builder webSockets() {
            this.webSockets = true;
            return this;
        }

        /**
         * A user in the broker's password file (written with {@code mosquitto_passwd}). Clients without a user
         * name still connect; one that gives a user name must give its password, or is refused.
         *
         * @param username the user name, exactly as the client sends it
         * @param password the password
         * @return this builder
         */
        public Builder user(String username, String password) {
            users.put(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * A second listener, on a port of its own ({@link MosquittoBroker#tlsPort()}), that speaks TLS and
         * requires a client certificate issued by the CA ({@code require_certificate true}).
         *
         * @param caFile PEM file of the CA that issued the client certificates
         * @param certFile PEM file of the server certificate
         * @param keyFile PEM file of the server's private key
         * @return this builder
         */
        public Builder tls(Path caFile, Path certFile, Path keyFile) {
            this.tls = new Tls(
                    Objects.requireNonNull(caFile, "caFile").toAbsolutePath(),
                    Objects.requireNonNull(certFile, "certFile").toAbsolutePath(),
                    Objects.requireNonNull(keyFile, "keyFile").toAbsolutePath());
            return this;
        }

        /**
         * File persistence ({@code persistence true}, in the broker's own folder): persistent sessions and
         * their queued QoS 1 messages survive {@link MosquittoBroker#restart()}. Default off.
         *
         * @param enabled the flag
         * @return this builder
         */
        public Builder persistence(boolean enabled) {
            this.persistence = enabled;
            return this;
        }

        /**
         * The receive maximum announced in CONNACK ({@code max_inflight_messages}). Default 100 (Mosquitto's
         * own default is 20).
         *
         * @param max 1..65535
         * @return this builder
         */
        public Builder maxInflightMessages(int max) {
            if (max < 1 || max > 65535) {
                throw new IllegalArgumentException("maxInflightMessages: must be 1..65535, got " + max);
            }
            this.maxInflightMessages = max;
            return this;
        }

        /**
         * The largest packet the broker accepts ({@code max_packet_size}), announced to MQTT 5 clients in CONNACK.
         *
         * @param bytes the limit, or 0 for Mosquitto's default (none)
         * @return this builder
         */
        public Builder maxPacketSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxPacketSize: must not be negative, got " + bytes);
            }
            this.maxPacketSize = bytes;
            return this;
        }

        /**
         * Refuses subscribing to, and publishing to, topics matching this filter for every client, while
         * everything else stays allowed: the broker answers such a SUBSCRIBE or QoS 1 PUBLISH with reason code
         * 0x87 (not authorized). Done with Mosquitto's dynamic security plugin (its {@code acl_file} cannot
         * refuse a subscription); {@link #build()} fails when the plugin is missing. May be called several
         * times.
         *
         * @param topicFilter an MQTT topic filter, e.g. {@code $aws/things/denied/#}
         * @return this builder
         */
        public Builder deny(String topicFilter) {
            Objects.requireNonNull(topicFilter, "topicFilter");
            if (topicFilter.isBlank()
                    || topicFilter.contains("\"")
                    || topicFilter.contains("\\")
                    || topicFilter.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException(
                        "topicFilter: must be a plain non-blank filter, got \"" + topicFilter + "\"");
            }
            denied.add(topicFilter);
            return this;
        }

        /**
         * How long {@link MosquittoBroker#start()} waits for the port. Default 10 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "startTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout: must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Creates the broker without starting it.
         *
         * @return a stopped broker
         * @throws IllegalStateException if Mosquitto is not installed, or topics are denied and its dynamic
         *     security plugin is missing
         */
        public MosquittoBroker build() {
            if (!denied.isEmpty() && dynamicSecurityPlugin().isEmpty()) {
                throw new IllegalStateException("deny(...) needs mosquitto's dynamic security plugin"
                        + " (mosquitto_dynamic_security.so), which was not found under /usr/lib or /usr/local/lib");
            }
            return new MosquittoBroker(this);
        }

        /**
         * Builds and starts the broker.
         *
         * @return the running broker; close it when done
         * @throws IllegalStateException as {@link #build()} and {@link MosquittoBroker#start()}
         */
        public MosquittoBroker start() {
            MosquittoBroker broker = build();
            try {
                return broker.start();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }

    /** The PEM files of the TLS listener. */
    private record Tls(Path caFile, Path certFile, Path keyFile) {}
}
