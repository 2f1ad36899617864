package io.iotjobs.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code tinyproxy} (an HTTP proxy that opens {@code CONNECT} tunnels) run as a child process in the
 * foreground ({@code tinyproxy -d -c <own config file>}) on a free port of {@code 127.0.0.1}, for the tests of
 * connections through an HTTP proxy.
 *
 * <p>The configuration written for it, in a folder of its own: {@code Port}, {@code Listen 127.0.0.1},
 * {@code Allow 127.0.0.1}, a {@code ConnectPort} line per allowed port (tunnels to other ports are refused with
 * {@code 403}), optionally {@code BasicAuth user password} (tunnels without those credentials are refused with
 * {@code 407}), and logging at level {@code Info} to its standard output (captured for {@link #log()}).
 *
 * <pre>{@code
 * try (TinyProxy proxy = TinyProxy.builder().connectPort(broker.port()).basicAuth("user", "pass").start()) {
 *     MqttConnectionBuilder.plain("127.0.0.1", broker.port()).httpProxy(proxy.host(), proxy.port(), "user", "pass")
 * }
 * }</pre>
 *
 * <p>Without the binary, {@link #assumeInstalled()} skips the test, unless {@value #REQUIRE_ENV}{@code =1} (as CI
 * sets it), when it fails. Thread-safe; one daemon thread per proxy copies its output.
 */
public final class TinyProxy implements AutoCloseable {

    /** The environment variable that turns a missing tinyproxy from a skip into a failure. */
    public static final String REQUIRE_ENV = "IOTJOBS_REQUIRE_TINYPROXY";

    private static final List<String> BIN_FOLDERS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin");
    private static final String READY = "Accepting connections";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path folder;
    private final int port;
    private final Process process;
    private final ProcessLog log = new ProcessLog("tinyproxy");

    private TinyProxy(Builder builder) throws IOException {
        Path executable = executable()
                .orElseThrow(() ->
                        new IllegalStateException("tinyproxy is not installed" + " (apt-get install -y tinyproxy)"));
        folder = Files.createTempDirectory("iotjobs-it-tinyproxy-");
        port = freePort();
        List<String> lines = new ArrayList<>(List.of(
                "Port " + port, "Listen 127.0.0.1", "Allow 127.0.0.1", "LogLevel Info", "MaxClients 50", "Timeout 60"));
        builder.connectPorts.forEach(p -> lines.add("ConnectPort " + p));
        if (builder.username != null) {
            lines.add("BasicAuth " + builder.username + " " + builder.password);
        }
        Path config = folder.resolve("tinyproxy.conf");
        Files.write(config, lines, StandardCharsets.UTF_8);
        process = new ProcessBuilder(executable.toString(), "-d", "-c", config.toString())
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        log.follow(process, "tinyproxy-log-" + port, line -> {
            if (line.contains(READY)) {
                ready.countDown();
            }
        });
        try {
            if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !accepts(port)) {
                process.destroyForcibly();
                throw new IllegalStateException("tinyproxy did not listen on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s" + log.tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for tinyproxy", e);
        }
    }

    /**
     * A builder: no {@code ConnectPort} line (tunnels to every port allowed), no authentication.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the {@code tinyproxy} binary is: {@code /usr/bin}, {@code /usr/sbin} or {@code /usr/local/bin}.
     *
     * @return the executable, or empty when not installed
     */
    public static Optional<Path> executable() {
        return BIN_FOLDERS.stream()
                .map(folder -> Path.of(folder, "tinyproxy"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Skips the running test when tinyproxy is missing; fails it instead under {@value #REQUIRE_ENV}{@code =1}.
     *
     * @throws org.opentest4j.TestAbortedException to skip
     * @throws IllegalStateException when tinyproxy is required but missing
     */
    public static void assumeInstalled() {
        if (executable().isPresent()) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            throw new IllegalStateException(REQUIRE_ENV + "=1 but tinyproxy is not installed: install it (apt-get"
                    + " install -y tinyproxy) or unset the variable");
        }
        Assumptions.abort("tinyproxy is not installed, so the HTTP proxy tests are skipped (apt-get install -y"
                + " tinyproxy installs it; CI sets " + REQUIRE_ENV + "=1 to make this a failure)");
    }

    /**
     * The host the proxy listens on.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * The port the proxy listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Everything the proxy printed so far (the last 2000 lines).
     *
     * @return the lines, oldest first
     */
    public List<String> log() {
        return log.lines();
    }

    /**
     * Whether the proxy logged a {@code CONNECT} request for this target.
     *
     * @param target {@code host:port}
     * @return true once it did
     */
    public boolean sawConnect(String target) {
        return log().stream().anyMatch(line -> line.contains("CONNECT " + target + " "));
    }

    /** Stops the proxy (SIGTERM, then SIGKILL after 10 s) and deletes its folder. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    @Override
    public String toString() {
        return "TinyProxy[127.0.0.1:" + port + "]";
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port of {@code 127.0.0.1} that nothing listens on at the moment (also the address of an unreachable proxy).
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures a {@link TinyProxy}. Not thread-safe. */
    public static final class Builder {
        private final List<Integer> connectPorts = new ArrayList<>();
        private String username;
        private String password;

        private Builder() {}

        /**
         * Allows tunnels to this port ({@code ConnectPort}); once one is given, tunnels to other ports get 403.
         *
         * @param port the port
         * @return this builder
         */
        public Builder connectPort(int port) {
            connectPorts.add(port);
            return this;
        }

        /**
         * Requires these credentials ({@code BasicAuth}); tunnels without them get 407.
         *
         * @param username the user name (no spaces)
         * @param password the password (no spaces)
         * @return this builder
         */
        public Builder basicAuth(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Starts the proxy and waits until it accepts connections.
         *
         * @return the running proxy; close it when done
         * @throws IllegalStateException if tinyproxy is missing or does not start
         */
        public TinyProxy start() {
            try {
                return new TinyProxy(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start tinyproxy: " + e.getMessage(), e);
            }
        }
    }
}
