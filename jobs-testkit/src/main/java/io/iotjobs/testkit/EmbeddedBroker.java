package io.iotjobs.testkit;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.iotjobs.internal.net.IpLiterals;
import io.iotjobs.internal.testkit.BrokerConfigXml;
import io.iotjobs.internal.testkit.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An MQTT 5 broker running inside this JVM, listening on the loopback address (unless
 * {@link Builder#bindAddress(String)} says otherwise), for tests, samples and local development against the
 * local Jobs service. It is HiveMQ Community Edition, embedded and configured
 * for this use:
 * <ul>
 *   <li>clients may publish to {@code $aws/...} topics (HiveMQ refuses {@code $} topics by default);</li>
 *   <li>any client may connect, without user name or password;</li>
 *   <li>the receive maximum announced in CONNACK is HiveMQ's default of 10 unless {@link Builder#receiveMaximum(int)}
 *       changes it, so code under test meets the same flow-control limit it will meet on a real broker;</li>
 *   <li>sessions live in memory by default; {@link Persistence#FILE} keeps them in a data folder that survives
 *       {@link #restart()}.</li>
 * </ul>
 *
 * <p>Typical use:
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().start()) {
 *     String uri = broker.serverUri();   // tcp://127.0.0.1:<free port>
 *     ...
 * }
 * }</pre>
 * Starting takes one to two seconds and stopping about two (four with file persistence), so tests that do not
 * need a broker of their own should share {@link #shared()}.
 *
 * <p><b>Threads.</b> All methods may be called from any thread. {@link #start()}, {@link #stop()},
 * {@link #restart()} and {@link #close()} block the calling thread until the broker has started or stopped, and
 * are serialised per instance. The getters never block. The broker runs on threads of its own, which end when
 * it stops.
 *
 * <p><b>JVM-wide settings.</b> HiveMQ takes two settings only from JVM-wide statics, which this class sets
 * while a broker starts: {@code $} topics are allowed (for every HiveMQ instance in the JVM, and left on), and
 * the persistence shutdown grace period is set to zero for in-memory brokers (which makes stopping two seconds
 * faster and loses nothing, since an in-memory broker forgets everything when it stops anyway).
 *
 * <p><b>Logging.</b> The broker logs through SLF4J into whatever binding the application has; this library
 * brings none. It logs about fifteen {@code INFO} lines per start and stop, and its file persistence dozens
 * more: to keep it quiet, set the loggers {@code com.hivemq}, {@code migrations} and {@code jetbrains.exodus}
 * to {@code WARN}. With logback and no logback configuration of the application's own, logback would pick up
 * the {@code logback.xml} inside the HiveMQ jar, which logs everything else at {@code INFO} to the console.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Where the broker keeps sessions, subscriptions and queued messages. */
    public enum Persistence {
        /** In memory: everything is lost when the broker stops. The default; the fastest to start and stop. */
        IN_MEMORY,
        /**
         * In files in the broker's data folder, kept across {@link #restart()}, so persistent sessions
         * (clean start {@code false}, session expiry above zero) and the messages queued for them survive a
         * restart. Only one running broker may use a given data folder.
         */
        FILE
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** How long a failed start waits for HiveMQ to release its threads and ports. */
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(30);

    private static final Duration TIMED_OUT_CLEANUP_WAIT = Duration.ofSeconds(5);
    /** The receive maximum of {@link #shared()}: it serves many tests at once. */
    private static final int SHARED_RECEIVE_MAXIMUM = 100;

    private static final int HIVEMQ_DEFAULT_RECEIVE_MAXIMUM = 10;
    /** HiveMQ reads its JVM-wide settings while it starts; one start at a time keeps them consistent. */
    private static final ReentrantLock HIVEMQ_SETTINGS = new ReentrantLock();

    private static EmbeddedBroker sharedInstance; // guarded by EmbeddedBroker.class

    private final int receiveMaximum;
    private final int maximumPacketSize;
    private final String bindAddress;
    private final Persistence persistence;
    private final Path configuredDataFolder;
    private final Duration startTimeout;
    private final Tls tls;
    private final boolean webSocket;
    private final boolean shared;

    // written only under "this"; volatile so that the getters need no lock
    private volatile int port;
    private volatile int tlsPort;
    private volatile int webSocketPort;
    private volatile boolean running;

    // guarded by "this"
    private Path tempFolder;
    private Path dataFolder;
    private EmbeddedHiveMQ hive;
    private boolean closed;

    private EmbeddedBroker(Builder builder, boolean shared) {
        this.port = builder.port;
        this.receiveMaximum = builder.receiveMaximum;
        this.maximumPacketSize = builder.maximumPacketSize;
        this.bindAddress = builder.bindAddress;
        this.persistence = builder.persistence;
        this.configuredDataFolder = builder.dataFolder;
        this.startTimeout = builder.startTimeout;
        this.tls = builder.tls;
        this.tlsPort = builder.tls == null ? 0 : builder.tlsPort;
        this.webSocket = builder.webSocket;
        this.shared = shared;
    }

    /**
     * A builder with the defaults: a free port, receive maximum 10, in-memory persistence, a temporary data
     * folder, a 60 second start timeout and no TLS listener. Does not block.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The broker shared by everything in this JVM: in-memory, on a free port, with receive maximum 100 since it
     * serves many tests at once. The first call starts it and blocks until it runs (one to two seconds); later
     * calls return the same running instance at once. It stops when the JVM exits (a shutdown hook).
     *
     * <p>Because others use it too, {@link #stop()} and {@link #restart()} on it throw
     * {@link UnsupportedOperationException}, and {@link #close()} does nothing (so try-with-resources is
     * harmless). Tests that stop, restart or count on an empty broker should build their own. Client ids must
     * be unique across the tests sharing it.
     *
     * <p>The broker's threads are not daemon threads, so a program whose {@code main} returns keeps running
     * while the shared broker runs: test runners end their JVM with {@code System.exit}, which runs the
     * shutdown hook; a standalone program should do the same, or use a broker of its own and close it.
     *
     * @return the running shared broker
     * @throws IllegalStateException if it cannot be started; the next call tries again
     */
    public static synchronized EmbeddedBroker shared() {
        if (sharedInstance == null) {
            EmbeddedBroker broker = new EmbeddedBroker(builder().receiveMaximum(SHARED_RECEIVE_MAXIMUM), true);
            try {
                broker.start();
            } catch (RuntimeException e) {
                broker.closeNow();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::closeNow, "embedded-broker-shutdown"));
            sharedInstance = broker;
        }
        return sharedInstance;
    }

    /**
     * Starts the broker and blocks until it accepts connections, or until the start timeout has passed. The
     * first start chooses the free ports (if the builder asked for port 0) and creates the temporary folders;
     * later starts (see {@link #restart()}) reuse them. Does nothing if the broker is already running.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException if a port is already in use ("port 18831 is already in use"), if the data
     *     folder is locked by another broker, if the broker did not start within the start timeout, if it
     *     failed to start for another reason (the message says which), or if the broker is closed; after such
     *     a failure the broker is not running and {@code start()} may be called again
     * @throws UncheckedIOException if the broker's folders or configuration file cannot be written
     */
    public synchronized EmbeddedBroker start() {
        if (closed) {
            throw new IllegalStateException("the embedded MQTT broker is closed");
        }
        if (hive != null) {
            return this;
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Path confFolder = prepareFolders();
        resolvePorts();
        requireFree(port);
        if (tls != null) {
            requireFree(tlsPort);
        }
        if (webSocket) {
            requireFree(webSocketPort);
        }
        writeConfig(confFolder);

        EmbeddedHiveMQ candidate = null;
        Exception failure = null;
        HIVEMQ_SETTINGS.lock();
        int previousGracePeriod = InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.get();
        try {
            InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
            if (persistence == Persistence.IN_MEMORY) {
                InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(0);
            }
            candidate = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(confFolder)
                    .withDataFolder(dataFolder)
                    .withExtensionsFolder(tempFolder.resolve("extensions"))
                    .withoutLoggingBootstrap()
                    .build();
            candidate.start().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException | RuntimeException e) {
            failure = e;
        } finally {
            InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(previousGracePeriod);
            HIVEMQ_SETTINGS.unlock();
        }
        if (failure != null) {
            throw startFailure(candidate, failure);
        }
        hive = candidate;
        running = true;
        return this;
    }

    /**
     * Stops the broker and blocks until it has stopped (about two seconds in memory, four with file
     * persistence). Connected clients are disconnected. The ports and the data folder are kept for a later
     * {@link #start()}. Does nothing if the broker is not running.
     *
     * @throws IllegalStateException if the broker did not stop cleanly within 60 seconds (it is considered
     *     stopped afterwards all the same)
     * @throws UnsupportedOperationException on {@link #shared()}
     */
    public synchronized void stop() {
        requireNotShared("stop");
        stopNow();
    }

    /**
     * Stops the broker and starts it again on the same port(s), with the same data folder, blocking until it
     * runs again. With {@link Persistence#FILE} persistent sessions and their queued messages survive; with
     * {@link Persistence#IN_MEMORY} everything is lost, as on a real broker without persistence. If the broker
     * was not running, this just starts it.
     *
     * @throws IllegalStateException as {@link #stop()} and {@link #start()}
     * @throws UnsupportedOperationException on {@link #shared()}
     */
    public synchronized void restart() {
        requireNotShared("restart");
        stopNow();
        start();
    }

    /**
     * Stops the broker if it runs (blocking, as {@link #stop()}) and deletes the temporary folders it created.
     * A data folder given to {@link Builder#dataFolder(Path)} is kept. Calling it again does nothing; a closed
     * broker cannot be started again. On {@link #shared()} this does nothing: the shared broker stops when the
     * JVM exits.
     *
     * @throws IllegalStateException if the broker did not stop cleanly (the folders are deleted all the same)
     */
    @Override
    public void close() {
        if (!shared) {
            closeNow();
        }
    }

    /**
     * Whether the broker has started and has not been stopped since. Does not block.
     *
     * @return {@code true} between a successful {@link #start()} and the next {@link #stop()}
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * The port of the plain TCP listener. Does not block.
     *
     * @return the port, 1..65535; the same across {@link #restart()}
     * @throws IllegalStateException if the builder asked for a free port and the broker has never been started
     *     (the port is chosen by the first {@link #start()})
     */
    public int port() {
        int value = port;
        if (value == 0) {
            throw new IllegalStateException("the port is chosen when the broker first starts: call start() first");
        }
        return value;
    }

    /**
     * The port of the WebSocket listener ({@code ws://127.0.0.1:<port>/mqtt}). Does not block.
     *
     * @return the port, 1..65535; the same across {@link #restart()}
     * @throws IllegalStateException if no WebSocket listener is configured, or the broker has never been started
     */
    public int webSocketPort() {
        if (!webSocket || webSocketPort == 0) {
            throw new IllegalStateException(
                    webSocket
                            ? "the broker has not been started yet"
                            : "no WebSocket listener configured: see Builder.webSocket()");
        }
        return webSocketPort;
    }

    /**
     * The port of the TLS listener. Does not block.
     *
     * @return the port, 1..65535; the same across {@link #restart()}
     * @throws IllegalStateException if no TLS listener is configured, or if a free port was asked for and the
     *     broker has never been started
     */
    public int tlsPort() {
        if (tls == null) {
            throw new IllegalStateException("no TLS listener configured: see Builder.tls(...)");
        }
        int value = tlsPort;
        if (value == 0) {
            throw new IllegalStateException("the TLS port is chosen when the broker first starts: call start() first");
        }
        return value;
    }

    /**
     * The URI of the plain TCP listener, for Paho or {@code MqttConnectionBuilder}. Does not block.
     *
     * @return {@code tcp://127.0.0.1:<port>} (with a {@linkplain Builder#bindAddress(String) bind address}
     *     other than a wildcard, that address instead of {@code 127.0.0.1})
     * @throws IllegalStateException as {@link #port()}
     */
    public String serverUri() {
        return "tcp://" + connectHost() + ":" + port();
    }

    /**
     * The URI of the TLS listener. The server certificate must be valid for the host name the client checks;
     * connect to {@code localhost} instead of the address, or switch host name verification off, as the
     * certificate requires. Does not block.
     *
     * @return {@code ssl://127.0.0.1:<tlsPort>}
     * @throws IllegalStateException as {@link #tlsPort()}
     */
    public String tlsServerUri() {
        return "ssl://" + connectHost() + ":" + tlsPort();
    }

    /** The host clients on this machine connect to: the bind address, or the loopback address for a wildcard. */
    private String connectHost() {
        if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("[::]")) {
            return LocalPorts.LOOPBACK_HOST;
        }
        return bindAddress.indexOf(':') >= 0 && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
    }

    /**
     * Describes the broker, its URIs, and whether it runs. Does not block.
     *
     * @return a description for logs and test reports
     */
    @Override
    public String toString() {
        int plain = port;
        int secure = tlsPort;
        return "EmbeddedBroker[" + (plain == 0 ? "port not chosen yet" : "tcp://" + connectHost() + ":" + plain)
                + (tls == null
                        ? ""
                        : secure == 0 ? ", TLS port not chosen yet" : ", ssl://" + connectHost() + ":" + secure)
                + ", receiveMaximum=" + receiveMaximum + ", persistence=" + persistence
                + (running ? ", running" : ", stopped") + (shared ? ", shared" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopNow();
        } finally {
            if (tempFolder != null) {
                deleteRecursively(tempFolder);
                tempFolder = null;
            }
        }
    }

    private void requireNotShared(String operation) {
        if (shared) {
            throw new UnsupportedOperationException("cannot " + operation + " the shared broker: other tests use it;"
                    + " build a broker of your own with EmbeddedBroker.builder()");
        }
    }

    /** Caller holds "this". */
    private void stopNow() {
        EmbeddedHiveMQ stopping = hive;
        if (stopping == null) {
            return;
        }
        hive = null;
        running = false;
        try {
            stopping.stop().get(STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(stopping, Duration.ZERO);
            throw new IllegalStateException(
                    "the embedded MQTT broker did not stop within " + STOP_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            abandon(stopping, CLEANUP_WAIT);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the embedded MQTT broker failed to stop: " + describe(cause), cause);
        } catch (InterruptedException e) {
            abandon(stopping, Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded MQTT broker was stopping", e);
        }
        try {
            // stopped: this only ends the thread HiveMQ runs its start and stop on
            stopping.close();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the embedded MQTT broker failed to shut down: " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded MQTT broker was shutting down", e);
        }
    }

    /** Caller holds "this". Creates the folders on the first start and returns the configuration folder. */
    private Path prepareFolders() {
        try {
            if (tempFolder == null) {
                // created owner-only on POSIX systems: the configuration may hold key store passwords
                tempFolder = Files.createTempDirectory("embedded-mqtt-broker-");
                Files.createDirectories(tempFolder.resolve("extensions"));
                Files.createDirectories(tempFolder.resolve("conf"));
                dataFolder = configuredDataFolder != null ? configuredDataFolder : tempFolder.resolve("data");
            }
            Files.createDirectories(dataFolder);
            return tempFolder.resolve("conf");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded MQTT broker's folders", e);
        }
    }

    /** Caller holds "this". Chooses free ports where the builder asked for port 0, once. */
    private void resolvePorts() {
        if (port == 0) {
            port = LocalPorts.freePort();
        }
        if (tls != null && tlsPort == 0) {
            int candidate = LocalPorts.freePort();
            while (candidate == port) {
                candidate = LocalPorts.freePort();
            }
            tlsPort = candidate;
        }
        if (webSocket && webSocketPort == 0) {
            int candidate = LocalPorts.freePort();
            while (candidate == port || candidate == tlsPort) {
                candidate = LocalPorts.freePort();
            }
            webSocketPort = candidate;
        }
    }

    private static void requireFree(int port) {
        if (!LocalPorts.isFree(port)) {
            throw new IllegalStateException(
                    "cannot start the embedded MQTT broker: port " + port + " is already in use");
        }
    }

    private void writeConfig(Path confFolder) {
        BrokerConfigXml.Tls tlsConfig = tls == null
                ? null
                : new BrokerConfigXml.Tls(
                        tlsPort,
                        tls.keyStore,
                        tls.keyStorePassword,
                        tls.trustStore,
                        tls.trustStorePassword,
                        tls.requireClientCertificate ? "REQUIRED" : tls.trustStore != null ? "OPTIONAL" : "NONE");
        String xml = new BrokerConfigXml(bindAddress, port, receiveMaximum, persistence == Persistence.FILE, tlsConfig)
                .maximumPacketSize(maximumPacketSize)
                .webSocketPort(webSocket ? webSocketPort : 0)
                .render();
        try {
            Files.writeString(confFolder.resolve("config.xml"), xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded MQTT broker's configuration", e);
        }
    }

    /** Caller holds "this". Cleans up after a failed start and explains the failure. */
    private IllegalStateException startFailure(EmbeddedHiveMQ candidate, Exception failure) {
        if (failure instanceof InterruptedException) {
            abandon(candidate, Duration.ZERO);
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while the embedded MQTT broker was starting", failure);
        }
        // HiveMQ fails (or, in some versions, never completes) its start when a listener cannot bind, and
        // says why only in its log: look at the ports once it has let go of them. A start that timed out may
        // hang, and then its clean-up hangs too: wait less for that one.
        abandon(candidate, failure instanceof TimeoutException ? TIMED_OUT_CLEANUP_WAIT : CLEANUP_WAIT);
        String busyPort = !LocalPorts.isFree(port)
                ? "port " + port + " is already in use"
                : tls != null && !LocalPorts.isFree(tlsPort) ? "port " + tlsPort + " is already in use" : null;
        Throwable cause =
                failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        String message;
        if (failure instanceof TimeoutException) {
            message = "the embedded MQTT broker did not start within " + startTimeout.toMillis() + " ms"
                    + (busyPort != null
                            ? ": " + busyPort
                            : persistence == Persistence.FILE
                                    ? " (is another broker using the data folder " + dataFolder + "?)"
                                    : "");
        } else if (busyPort != null) {
            message = "cannot start the embedded MQTT broker: " + busyPort;
        } else {
            message = "the embedded MQTT broker failed to start: " + describe(cause);
        }
        return new IllegalStateException(message, cause);
    }

    /**
     * Gives up on a broker that failed to start or stop: closes it, which releases its threads and ports. HiveMQ
     * runs start and stop one after the other on one thread of its own, so if one of them hangs, a close would
     * hang too; the clean-up therefore runs on a daemon thread, waited for at most {@code wait}.
     */
    private static void abandon(EmbeddedHiveMQ candidate, Duration wait) {
        if (candidate == null) {
            return;
        }
        Thread cleanup = new Thread(
                () -> {
                    try {
                        candidate.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | RuntimeException e) {
                        // nothing left to do: the broker never started
                    }
                },
                "embedded-broker-cleanup");
        cleanup.setDaemon(true);
        cleanup.start();
        if (!wait.isZero()) {
            try {
                cleanup.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank()
                ? error.getClass().getName()
                : message + " (" + error.getClass().getSimpleName() + ")";
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the embedded MQTT broker's folder " + root, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The TLS listener's settings, copied from the builder. */
    private static final class Tls {
        final Path keyStore;
        final char[] keyStorePassword;
        final Path trustStore;
        final char[] trustStorePassword;
        final boolean requireClientCertificate;

        Tls(
                Path keyStore,
                char[] keyStorePassword,
                Path trustStore,
                char[] trustStorePassword,
                boolean requireClientCertificate) {
            this.keyStore = keyStore;
            this.keyStorePassword = keyStorePassword;
            this.trustStore = trustStore;
            this.trustStorePassword = trustStorePassword;
            this.requireClientCertificate = requireClientCertificate;
        }
    }

    /**
     * Configures an {@link EmbeddedBroker}. Not thread-safe: configure it on one thread. None of its methods
     * block; {@link #build()} starts nothing, {@link #start()} builds and starts.
     */
    public static final class Builder {
        private int port;
        private int receiveMaximum = HIVEMQ_DEFAULT_RECEIVE_MAXIMUM;
        private int maximumPacketSize;
        private String bindAddress = LocalPorts.LOOPBACK_HOST;
        private Persistence persistence = Persistence.IN_MEMORY;
        private Path dataFolder;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Tls tls;
        private int tlsPort;
        private boolean tlsPortSet;
        private boolean webSocket;

        private Builder() {}

        /**
         * Adds a WebSocket listener on a free port, path {@code /mqtt} (see {@link EmbeddedBroker#webSocketPort()}).
         *
         * @return this builder
         */
        public Builder webSocket() {
            this.webSocket = true;
            return this;
        }

        /**
         * The port of the plain TCP listener on {@code 127.0.0.1}. Default 0: a free port, chosen when the broker
         * first starts and kept across {@link EmbeddedBroker#restart()}.
         *
         * @param port 0..65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        /**
         * The receive maximum the broker announces in CONNACK: how many QoS 1 and 2 publishes a client may have
         * unacknowledged at once. Default 10, HiveMQ's own default; keep it unless many clients or requests
         * share the broker, so that code under test meets realistic flow control.
         *
         * @param receiveMaximum 1..65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder receiveMaximum(int receiveMaximum) {
            if (receiveMaximum < 1 || receiveMaximum > 65535) {
                throw new IllegalArgumentException("receiveMaximum: must be in 1..65535, got " + receiveMaximum);
            }
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        /**
         * The largest MQTT packet the broker accepts, announced in CONNACK (MQTT 5). Default: HiveMQ's, the MQTT
         * maximum of 256 MB. AWS IoT accepts payloads up to 128 KB; a smaller limit here lets tests meet it.
         *
         * @param bytes at least 1,024
         * @return this builder
         * @throws IllegalArgumentException if below 1,024
         */
        public Builder maximumPacketSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maximumPacketSize: must be at least 1024 bytes, got " + bytes);
            }
            this.maximumPacketSize = bytes;
            return this;
        }

        /**
         * The address the listeners bind to. Default {@code 127.0.0.1}: only this machine can connect. Use
         * {@code 0.0.0.0} to accept devices from other machines (the broker has no authentication: use it on
         * trusted networks only). The free-port choice and the "port in use" check look at the loopback
         * interface.
         *
         * @param address an IP address of this machine, or {@code 0.0.0.0} / {@code ::} for all of them
         * @return this builder
         * @throws IllegalArgumentException if the address is blank or not an IP address
         * @throws NullPointerException if {@code address} is null
         */
        public Builder bindAddress(String address) {
            Objects.requireNonNull(address, "bindAddress");
            if (!IpLiterals.isIpLiteral(address)) {
                throw new IllegalArgumentException("bindAddress: must be an IP address such as 127.0.0.1 or 0.0.0.0,"
                        + " got \"" + address + "\"");
            }
            this.bindAddress = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
            return this;
        }

        /**
         * Where sessions are kept. Default {@link Persistence#IN_MEMORY}.
         *
         * @param persistence in memory or in files
         * @return this builder
         * @throws NullPointerException if {@code persistence} is null
         */
        public Builder persistence(Persistence persistence) {
            this.persistence = Objects.requireNonNull(persistence, "persistence");
            return this;
        }

        /**
         * The broker's data folder, created if missing and kept on {@link EmbeddedBroker#close()}. By default a
         * temporary folder of the broker's own, deleted on close. With {@link Persistence#FILE} only one running
         * broker may use a given folder.
         *
         * @param dataFolder a folder path
         * @return this builder
         * @throws NullPointerException if {@code dataFolder} is null
         */
        public Builder dataFolder(Path dataFolder) {
            this.dataFolder = Objects.requireNonNull(dataFolder, "dataFolder").toAbsolutePath();
            return this;
        }

        /**
         * How long {@link EmbeddedBroker#start()} waits for the broker before it gives up. Default 60 seconds.
         *
         * @param startTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws NullPointerException if {@code startTimeout} is null
         */
        public Builder startTimeout(Duration startTimeout) {
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout: must be positive, got " + startTimeout);
            }
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Adds a TLS listener on {@code 127.0.0.1} (port: see {@link #tlsPort(int)}). The files are read when
         * the broker starts; the passwords are copied, and written into the broker's configuration file in its
         * owner-only temporary folder. Use test key material only.
         *
         * @param keyStorePkcs12 a PKCS12 key store with the server's private key and certificate chain; its
         *     password protects the key too
         * @param keyStorePassword the key store password
         * @param trustStore a PKCS12 trust store with the CA certificate(s) client certificates must chain to, or
         *     {@code null} for none
         * @param trustStorePassword the trust store password; may be null without a trust store
         * @param requireClientCertificate {@code true}: clients without a certificate issued by the trust store's
         *     CA are refused during the handshake; {@code false}: a client certificate is optional (and checked
         *     against the trust store, if there is one)
         * @return this builder
         * @throws NullPointerException if the key store or its password is null, or a trust store is given
         *     without a password
         * @throws IllegalArgumentException if a store file does not exist, or a client certificate is required
         *     without a trust store
         */
        public Builder tls(
                Path keyStorePkcs12,
                char[] keyStorePassword,
                Path trustStore,
                char[] trustStorePassword,
                boolean requireClientCertificate) {
            Objects.requireNonNull(keyStorePkcs12, "keyStorePkcs12");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            requireFile(keyStorePkcs12, "keyStorePkcs12");
            if (trustStore != null) {
                Objects.requireNonNull(trustStorePassword, "trustStorePassword");
                requireFile(trustStore, "trustStore");
            } else if (requireClientCertificate) {
                throw new IllegalArgumentException(
                        "trustStore: required when requireClientCertificate is true (client certificates are"
                                + " verified against it)");
            }
            this.tls = new Tls(
                    keyStorePkcs12.toAbsolutePath(),
                    keyStorePassword.clone(),
                    trustStore == null ? null : trustStore.toAbsolutePath(),
                    trustStore == null ? null : trustStorePassword.clone(),
                    requireClientCertificate);
            return this;
        }

        /**
         * The port of the TLS listener configured with {@link #tls}. Default 0: a free port, chosen when the
         * broker first starts and kept across {@link EmbeddedBroker#restart()}.
         *
         * @param tlsPort 0..65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder tlsPort(int tlsPort) {
            this.tlsPort = checkPort(tlsPort, "tlsPort");
            this.tlsPortSet = true;
            return this;
        }

        /**
         * Creates the broker without starting it. The builder may be used again afterwards.
         *
         * @return a stopped broker
         * @throws IllegalStateException if a TLS port is set without {@link #tls}, or both listeners are given
         *     the same port
         */
        public EmbeddedBroker build() {
            if (tlsPortSet && tls == null) {
                throw new IllegalStateException("tlsPort is set but no TLS listener is configured: call tls(...)");
            }
            if (tls != null && port != 0 && port == tlsPort) {
                throw new IllegalStateException("port and tlsPort must differ, both are " + port);
            }
            return new EmbeddedBroker(this, false);
        }

        /**
         * Builds the broker and {@linkplain EmbeddedBroker#start() starts} it, blocking until it runs.
         *
         * @return the running broker; close it when done
         * @throws IllegalStateException as {@link #build()} and {@link EmbeddedBroker#start()}
         */
        public EmbeddedBroker start() {
            EmbeddedBroker broker = build();
            try {
                return broker.start();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + ": must be in 0..65535, got " + port);
            }
            return port;
        }

        private static void requireFile(Path file, String name) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(name + ": no such file: " + file);
            }
        }

        /**
         * Describes the settings (without passwords). Does not block.
         *
         * @return a description for logs and test reports
         */
        @Override
        public String toString() {
            return "EmbeddedBroker.Builder[port=" + port + ", bindAddress=" + bindAddress + ", receiveMaximum="
                    + receiveMaximum + ", persistence="
                    + persistence + ", dataFolder=" + dataFolder + ", startTimeout=" + startTimeout + ", tls="
                    + (tls == null ? "none" : "port " + tlsPort + ", keyStore " + tls.keyStore) + "]";
        }
    }
}
