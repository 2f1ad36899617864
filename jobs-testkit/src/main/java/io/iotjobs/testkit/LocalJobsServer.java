package io.iotjobs.testkit;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.internal.testkit.LocalPorts;
import io.iotjobs.internal.testkit.ServerCommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local AWS IoT Jobs service as a server of its own, for devices and tools in other processes: an
 * {@link EmbeddedBroker}, a {@link LocalJobsService} on it (system clock), and an {@link HttpControlApi}.
 *
 * <p>From the command line (the standalone jar contains every dependency and a logging binding):
 * <pre>
 * java -jar jobs-testkit-&lt;version&gt;-standalone.jar [--mqtt-port N] [--http-port N] [--bind ADDRESS]
 *     [--receive-maximum N] [--no-console] [--help]
 * </pre>
 * It prints where it listens, logs one line per MQTT request and per HTTP request, and stops cleanly on
 * Ctrl-C or SIGTERM. Bad arguments print an error naming the option and exit with status 2.
 *
 * <p>The HTTP port also serves the web console at {@code /} (on the same bind address, so on this machine only by
 * default), from Java as from the command line; {@link Builder#console(boolean) console(false)} or
 * {@code --no-console} turns it off. It costs nothing but a few hundred recent traffic records until a page is
 * opened.
 *
 * <p>From Java (for example to share one server between the tests of a build):
 * <pre>{@code
 * try (LocalJobsServer server = LocalJobsServer.builder().mqttPort(0).httpPort(0).start()) {
 *     String mqtt = server.mqttUri();   // tcp://127.0.0.1:<port>
 *     String http = server.httpUri();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link Builder#start()} and {@link #close()} block while the broker starts (one to two
 * seconds) or stops (about two); the getters never block. The broker's threads are not daemon threads: a
 * program that starts a server must {@link #close()} it (or call {@code System.exit}) to end.
 */
public final class LocalJobsServer implements AutoCloseable {

    /** The MQTT port used unless told otherwise (the standard plain MQTT port). */
    public static final int DEFAULT_MQTT_PORT = 1883;
    /** The HTTP port used unless told otherwise. */
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** The receive maximum used unless told otherwise: the one AWS IoT Core announces. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 100;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** What {@link #run} returns while the server runs (the process must not exit). */
    static final int RUNNING = -1;

    private final EmbeddedBroker broker;
    private final MqttConnection connection;
    private final LocalJobsService service;
    private final HttpControlApi http;
    private final CountDownLatch closed = new CountDownLatch(1);

    private LocalJobsServer(
            EmbeddedBroker broker, MqttConnection connection, LocalJobsService service, HttpControlApi http) {
        this.broker = broker;
        this.connection = connection;
        this.service = service;
        this.http = http;
    }

    /**
     * Runs the server from the command line until the process is stopped. Exits with status 0 after
     * {@code --help}, 2 after bad arguments, 1 if the server cannot start.
     *
     * @param args {@code [--mqtt-port N] [--http-port N] [--bind ADDRESS] [--receive-maximum N] [--no-console]
     *     [--help]}
     */
    public static void main(String[] args) {
        ServerCommandLine.configureLogging();
        int code = run(args, System.out, System.err);
        if (code != RUNNING) {
            // the broker's threads are not daemon threads: end the process explicitly
            System.exit(code);
        }
    }

    /**
     * Parses the arguments, then starts the server, registers a shutdown hook that stops it, prints where it
     * listens and waits until the hook has stopped it.
     *
     * @return the exit code, or {@link #RUNNING} after the server ran and was stopped by the hook
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        ServerCommandLine.Outcome outcome = ServerCommandLine.parse(args, outWriter, errWriter);
        ServerCommandLine.Settings settings = outcome.settings();
        if (settings == null) {
            return outcome.exitCode();
        }
        LocalJobsServer server;
        try {
            server = builder()
                    .mqttPort(settings.mqttPort())
                    .httpPort(settings.httpPort())
                    .bindAddress(settings.bindAddress())
                    .receiveMaximum(settings.receiveMaximum())
                    .console(settings.console())
                    .start();
        } catch (RuntimeException e) {
            err.println("local-jobs-server: cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("local-jobs-server: stopping");
                            server.close();
                            out.println("local-jobs-server: stopped");
                            out.flush();
                        },
                        "local-jobs-server-shutdown"));
        out.println("Local AWS IoT Jobs service running");
        out.println(
                "  MQTT broker:      " + server.mqttUri() + "   (receive maximum " + settings.receiveMaximum() + ")");
        out.println("  HTTP control API: " + server.httpUri() + "   (for example GET " + server.httpUri() + "/jobs)");
        server.consoleUri().ifPresent(uri -> out.println("  Web console:      " + uri));
        out.println("Stop with Ctrl-C.");
        out.flush();
        server.awaitClosed();
        return RUNNING;
    }

    /**
     * A builder: MQTT port {@value #DEFAULT_MQTT_PORT}, HTTP port {@value #DEFAULT_HTTP_PORT}, bind address
     * {@code 127.0.0.1}, receive maximum {@value #DEFAULT_RECEIVE_MAXIMUM}, with the web console.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The MQTT port.
     *
     * @return the port the broker listens on
     */
    public int mqttPort() {
        return broker.port();
    }

    /**
     * The HTTP port.
     *
     * @return the port the control API listens on
     */
    public int httpPort() {
        return http.port();
    }

    /**
     * The broker's URI for clients on this machine.
     *
     * @return {@code tcp://<host>:<port>}
     */
    public String mqttUri() {
        return broker.serverUri();
    }

    /**
     * The control API's base URI for clients on this machine (the endpoint override of AWS tooling).
     *
     * @return {@code http://<host>:<port>}
     */
    public String httpUri() {
        return http.uri();
    }

    /**
     * The web console's address on the HTTP port.
     *
     * @return {@code http://<host>:<port>/}, or empty when the server was started without the console
     */
    public Optional<String> consoleUri() {
        return http.consoleUri();
    }

    /** The HTTP API, for this package's tests. */
    HttpControlApi http() {
        return http;
    }

    /**
     * The service, for its Java control API and fault injection.
     *
     * @return the running service
     */
    public LocalJobsService service() {
        return service;
    }

    /**
     * Stops the HTTP API, the service, its connection and the broker, blocking until the broker has stopped
     * (about two seconds). Idempotent.
     *
     * @throws IllegalStateException if the broker did not stop cleanly (everything else is closed all the same)
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            closeAll(http, service, connection, broker);
        } finally {
            closed.countDown();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalJobsServer[mqtt " + mqttUri() + ", http " + httpUri() + "]";
    }

    private static void closeAll(AutoCloseable... parts) {
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (RuntimeException e) {
                failures.add(e);
            } catch (Exception e) {
                failures.add(new IllegalStateException("closing " + part + " failed: " + e.getMessage(), e));
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Configures and starts a {@link LocalJobsServer}. Not thread-safe. */
    public static final class Builder {
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private String bindAddress = LocalPorts.LOOPBACK_HOST;
        private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
        private boolean console = true;

        private Builder() {}

        /**
         * The broker's port.
         *
         * @param port 0..65535, 0 for a free port
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder mqttPort(int port) {
            this.mqttPort = checkPort("mqttPort", port);
            return this;
        }

        /**
         * The HTTP control API's port.
         *
         * @param port 0..65535, 0 for a free port
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder httpPort(int port) {
            this.httpPort = checkPort("httpPort", port);
            return this;
        }

        /**
         * The address both listeners bind to (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface,
         * on trusted networks only: nothing is authenticated).
         *
         * @param address an IP address
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /**
         * The receive maximum the broker announces.
         *
         * @param value 1..65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder receiveMaximum(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("receiveMaximum: must be in 1..65535, got " + value);
            }
            this.receiveMaximum = value;
            return this;
        }

        /**
         * Whether the HTTP port also serves the web console at {@code /} (default true, here as on the command
         * line: it binds to the same address, loopback by default). Tests that want the bare API may turn it off.
         *
         * @param enabled false for the control API alone
         * @return this builder
         */
        public Builder console(boolean enabled) {
            this.console = enabled;
            return this;
        }

        /**
         * Starts the broker, the service and the HTTP API, blocking until all three serve (a few seconds).
         * If one of them fails, those already started are stopped again.
         *
         * @return the running server
         * @throws IllegalStateException if a port is in use or a part fails to start (the message says which)
         * @throws IllegalArgumentException if the bind address is not an IP address
         */
        public LocalJobsServer start() {
            requireHttpPortFree();
            EmbeddedBroker broker = EmbeddedBroker.builder()
                    .port(mqttPort)
                    .receiveMaximum(receiveMaximum)
                    .bindAddress(bindAddress)
                    .start();
            MqttConnection connection = null;
            LocalJobsService service = null;
            try {
                URI uri = URI.create(broker.serverUri());
                String host = uri.getHost().startsWith("[")
                        ? uri.getHost().substring(1, uri.getHost().length() - 1)
                        : uri.getHost();
                connection = MqttConnectionBuilder.plain(host, uri.getPort())
                        .clientId("local-jobs-service")
                        .build();
                await(connection.connect(), "the service cannot connect to the broker at " + uri);
                service = LocalJobsService.builder().connection(connection).build();
                await(service.start(), "the service cannot subscribe to the Jobs topics");
                HttpControlApi http = HttpControlApi.builder(service)
                        .port(httpPort)
                        .bindAddress(bindAddress)
                        .console(console)
                        .start();
                return new LocalJobsServer(broker, connection, service, http);
            } catch (RuntimeException e) {
                try {
                    closeAll(service, connection, broker);
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        /** Fails before the broker's slow start when the HTTP port is already taken (checked again later). */
        private void requireHttpPortFree() {
            if (httpPort == 0) {
                return;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), httpPort));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot start the HTTP control API on " + bindAddress + ":" + httpPort + ": port " + httpPort
                                + " is already in use or not allowed",
                        e);
            }
        }

        private static void await(CompletableFuture<?> future, String failure) {
            try {
                future.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException(failure + ": " + cause.getMessage(), cause);
            } catch (TimeoutException e) {
                throw new IllegalStateException(failure + ": no answer within " + START_TIMEOUT.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(failure + ": interrupted", e);
            }
        }

        private static int checkPort(String field, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(field + ": must be in 0..65535, got " + port);
            }
            return port;
        }
    }
}
