package io.iotjobs.testkit;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.internal.testkit.ThingFilterTransport;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a fresh local Jobs service: its own {@link LocalJobsService} (no
 * job, execution or fault of one test is visible in another), its own {@link TestClock}, and MQTT connections
 * that are closed after the test. The broker is shared by the whole JVM.
 *
 * <pre>{@code
 * class UpdaterTest {
 *     @RegisterExtension
 *     static LocalJobsExtension jobs = LocalJobsExtension.create();
 *
 *     @Test
 *     void timesOut() {
 *         String thing = jobs.uniqueThingName("updater");
 *         MqttConnection device = jobs.newConnection(thing);      // connected; closed after the test
 *         jobs.control().createJob(JobSpec.builder("fw-1").targets(thing)
 *                 .inProgressTimeout(Duration.ofMinutes(5)).build());
 *         // ... run the device code on `device` until it reports IN_PROGRESS ...
 *         jobs.clock().advance(Duration.ofMinutes(5));
 *         assertThat(jobs.control().describeJobExecution(thing, "fw-1").orElseThrow().status())
 *                 .contains(JobStatus.TIMED_OUT);
 *     }
 * }
 * }</pre>
 * Or annotate the class with {@link LocalJobsTest} and take {@link LocalJobsService}, {@link JobsControl},
 * {@link ThingRegistry}, {@link FaultInjection}, {@link TestClock} or {@link LocalJobsExtension} parameters in
 * test methods and in
 * {@code @BeforeEach} / {@code @AfterEach} methods.
 *
 * <p><b>Broker.</b> {@link EmbeddedBroker#shared()}, started by the first test that needs it; or, when the
 * system property {@value #BROKER_PROPERTY} holds a URI such as {@code tcp://127.0.0.1:1883}, that external
 * broker (it must allow clients to publish to {@code $aws/...} topics); or the URI given to
 * {@link Builder#brokerUri(String)}.
 *
 * <p><b>Per test.</b> Before each test (before its {@code @BeforeEach} methods) the extension starts a new
 * service and waits until it serves; after each test (after its {@code @AfterEach} methods) it closes the
 * service and every connection made by {@link #newConnection}. Jobs, executions, faults and timers therefore
 * never outlive their test. The services of one test run talk to the broker over one MQTT connection, opened by
 * the first test and closed when JUnit ends the run (opening and closing one per test would cost about a second
 * and a half each); the per-test state lives in the test's {@code ExtensionContext.Store}, what the tests share
 * in the root context's store;
 * {@link Builder#connectionPerTest()} gives each service a connection of its own instead. The clock is a new
 * {@link TestClock} at {@link TestClock#DEFAULT_START} (or the time given to
 * {@link Builder#clockStart(Instant)}), unless {@link Builder#systemClock()} is chosen.
 *
 * <p><b>Sharing the broker.</b> Every test's service listens to the Jobs topics of every thing, so tests that
 * run at the same time on one broker (JUnit parallel execution, several JVMs on one external broker) must not
 * use the same thing names: take them from {@link #uniqueThingName(String)}. A service answers requests for
 * the things its test claimed (names from {@code uniqueThingName} and the targets of its jobs); a request for
 * a thing no running test of this JVM claimed is answered by the oldest running test's service only. Client
 * ids must be unique on the broker too: {@link #newConnection(String)} uses the id it is given.
 *
 * <p><b>Threads.</b> The accessors ({@link #service()}, {@link #control()}, ...) answer for the test running on
 * the calling thread. Called from another thread (a device callback, an executor), they answer for the only
 * running test of this extension, and throw {@link IllegalStateException} when several run in parallel: take
 * the objects on the test's thread and hand them over, or use parameters. The extension itself is
 * thread-safe.
 */
public final class LocalJobsExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The system property naming an external broker, e.g. {@code tcp://127.0.0.1:1883}; blank means none. */
    public static final String BROKER_PROPERTY = "iotjobs.it.broker";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Distinguishes the names and client ids of this JVM from those of other JVMs on the same broker. */
    private static final String RUN_ID = randomRunId();

    private static final AtomicLong COUNTER = new AtomicLong();
    /** Where the per-test state and the state shared by the tests of a run are kept in JUnit's stores. */
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalJobsExtension.class);
    /** Leaves room for "-", the run id, "-" and the counter within the 128 characters of a thing name. */
    private static final int MAX_PREFIX = 100;

    private static final Set<Class<?>> RESOLVED_TYPES = Set.of(
            LocalJobsService.class,
            JobsControl.class,
            ThingRegistry.class,
            FaultInjection.class,
            TestClock.class,
            LocalJobsExtension.class);

    private final String brokerUriOverride;
    private final boolean systemClock;
    private final boolean connectionPerTest;
    private final Instant clockStart;
    private final Consumer<LocalJobsService.Builder> serviceSettings;
    /** The running tests of this extension instance, for the accessors called from foreign threads. */
    private final Map<String, TestState> running = new ConcurrentHashMap<>();

    private final ThreadLocal<TestState> current = new ThreadLocal<>();

    /**
     * The extension with the default settings (shared or external broker, a {@link TestClock} per test, default
     * service settings). This is the constructor {@code @ExtendWith} and {@link LocalJobsTest} use; in code,
     * prefer {@link #create()}.
     */
    public LocalJobsExtension() {
        this(new Builder());
    }

    private LocalJobsExtension(Builder builder) {
        this.brokerUriOverride = builder.brokerUri;
        this.systemClock = builder.systemClock;
        this.connectionPerTest = builder.connectionPerTest;
        this.clockStart = builder.clockStart;
        this.serviceSettings = builder.serviceSettings;
    }

    /**
     * The extension with the default settings.
     *
     * @return a new extension, for a {@code @RegisterExtension} field
     */
    public static LocalJobsExtension create() {
        return new LocalJobsExtension();
    }

    /**
     * A builder for other settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------ accessors

    /**
     * The current test's service.
     *
     * @return the service, started
     * @throws IllegalStateException outside a test, or from a foreign thread while several tests run
     */
    public LocalJobsService service() {
        return state().service;
    }

    /**
     * The current test's control API (create, cancel, delete, describe jobs and executions).
     *
     * @return the control API
     * @throws IllegalStateException as {@link #service()}
     */
    public JobsControl control() {
        return state().service.control();
    }

    /**
     * The current test's thing registry (things and static thing groups).
     *
     * @return the registry, empty at the start of each test
     * @throws IllegalStateException as {@link #service()}
     */
    public ThingRegistry registry() {
        return state().service.registry();
    }

    /**
     * The current test's fault injection.
     *
     * @return the faults, all off at the start of each test
     * @throws IllegalStateException as {@link #service()}
     */
    public FaultInjection faults() {
        return state().service.faults();
    }

    /**
     * The current test's clock. Advancing it runs the service's timers and delayed replies on the calling
     * thread.
     *
     * @return the clock
     * @throws IllegalStateException as {@link #service()}, or if the extension uses the system clock
     */
    public TestClock clock() {
        TestState state = state();
        if (state.clock == null) {
            throw new IllegalStateException("clock(): this LocalJobsExtension uses the system clock"
                    + " (Builder.systemClock()); read service().clock() instead");
        }
        return state.clock;
    }

    /**
     * The broker everything connects to, starting the shared embedded broker if this is its first use.
     *
     * @return a URI such as {@code tcp://127.0.0.1:40123}
     * @throws IllegalStateException if the shared broker cannot start
     * @throws IllegalArgumentException if the configured broker URI is malformed
     */
    public String brokerUri() {
        return endpoint().uri;
    }

    /**
     * Connects a new MQTT connection to the broker, for device code under test; the extension closes it after
     * the test. Blocks until connected (at most 30 seconds).
     *
     * @param clientId the MQTT client id, unique on the broker (see {@link #uniqueThingName(String)})
     * @return the connected connection (automatic reconnect on, clean start)
     * @throws IllegalStateException outside a test, or if the connection fails (the message says why)
     */
    public MqttConnection newConnection(String clientId) {
        return newConnection(clientId, builder -> {});
    }

    /**
     * Connects a new MQTT connection with more settings; closed after the test like
     * {@link #newConnection(String)}.
     *
     * @param clientId the MQTT client id, unique on the broker
     * @param settings changes to the connection builder (keep-alive, session expiry, listener, ...), called
     *     before the connection is built
     * @return the connected connection
     * @throws IllegalStateException as {@link #newConnection(String)}
     */
    public MqttConnection newConnection(String clientId, Consumer<MqttConnectionBuilder> settings) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(settings, "settings");
        TestState state = state();
        MqttConnectionBuilder builder = endpoint().builder().clientId(clientId);
        settings.accept(builder);
        MqttConnection connection = builder.build();
        state.closeables.add(connection);
        connect(connection, clientId);
        return connection;
    }

    /**
     * A thing name no other test (in this JVM or another one on the same broker) uses, claimed for the current
     * test: its service answers that thing's requests even while other tests run in parallel.
     *
     * @param prefix the start of the name: 1–100 characters of {@code [a-zA-Z0-9:_-]}
     * @return {@code <prefix>-<run>-<n>}, a valid thing name (also usable as a client id)
     * @throws IllegalArgumentException if the prefix is empty, too long or has other characters
     */
    public String uniqueThingName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("prefix: at most " + MAX_PREFIX + " characters, got " + prefix.length());
        }
        Validation.thingName("prefix", prefix);
        String name = prefix + "-" + RUN_ID + "-" + COUNTER.incrementAndGet();
        TestState state = currentOrNull();
        if (state != null) {
            state.claimed.add(name);
        }
        return name;
    }

    // -------------------------------------------------------------------------------------- JUnit callbacks

    /**
     * Starts the test's service (JUnit calls this before the test's {@code @BeforeEach} methods).
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        Shared shared = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, type -> new Shared(), Shared.class);
        TestState state = start(context.getUniqueId(), shared);
        // in the test's store, so that JUnit closes it even if afterEach is never called for this test
        context.getStore(NAMESPACE).put(TestState.class, state);
        running.put(context.getUniqueId(), state);
        current.set(state);
    }

    /**
     * Closes the test's service and connections (JUnit calls this after the test's {@code @AfterEach} methods).
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        current.remove();
        running.remove(context.getUniqueId());
        TestState state = context.getStore(NAMESPACE).remove(TestState.class, TestState.class);
        if (state != null) {
            state.close();
        }
    }

    /**
     * Whether the parameter is one this extension provides: {@link LocalJobsService}, {@link JobsControl},
     * {@link FaultInjection}, {@link TestClock} (unless the system clock is used) or {@link LocalJobsExtension},
     * in test, {@code @BeforeEach} and {@code @AfterEach} methods; only {@link LocalJobsExtension} in
     * constructors.
     *
     * @param parameter the parameter
     * @param context the context
     * @return true if resolved here
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (!RESOLVED_TYPES.contains(type)) {
            return false;
        }
        if (type == LocalJobsExtension.class) {
            return true;
        }
        if (parameter.getDeclaringExecutable() instanceof Constructor) {
            throw new ParameterResolutionException("LocalJobsExtension: a " + type.getSimpleName()
                    + " exists only while a test runs; take it as a test or @BeforeEach method parameter");
        }
        if (type == TestClock.class && systemClock) {
            throw new ParameterResolutionException("LocalJobsExtension: no TestClock, this extension uses the"
                    + " system clock (Builder.systemClock())");
        }
        return true;
    }

    /**
     * Provides the current test's object.
     *
     * @param parameter the parameter
     * @param context the test's context
     * @return the object
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalJobsExtension.class) {
            return this;
        }
        TestState state = context.getStore(NAMESPACE).get(TestState.class, TestState.class);
        if (state == null) {
            throw new ParameterResolutionException("LocalJobsExtension: no service for " + context.getDisplayName()
                    + "; a " + type.getSimpleName() + " exists only while a test runs");
        }
        if (type == LocalJobsService.class) {
            return state.service;
        }
        if (type == JobsControl.class) {
            return state.service.control();
        }
        if (type == FaultInjection.class) {
            return state.service.faults();
        }
        if (type == ThingRegistry.class) {
            return state.service.registry();
        }
        return state.clock;
    }

    @Override
    public String toString() {
        return "LocalJobsExtension[" + (brokerUriOverride != null ? brokerUriOverride : "shared broker")
                + (systemClock ? ", system clock" : ", test clock") + ", " + running.size() + " running]";
    }

    // -------------------------------------------------------------------------------------------- internals

    private TestState start(String testId, Shared shared) {
        Endpoint endpoint = endpoint();
        TestClock clock = systemClock ? null : TestClock.startingAt(clockStart);
        MqttConnection owned = null;
        if (connectionPerTest) {
            String clientId = "local-jobs-" + RUN_ID + "-" + COUNTER.incrementAndGet();
            owned = endpoint.builder().clientId(clientId).build();
        }
        TestState state = new TestState(testId, shared, owned, clock);
        try {
            MqttConnection connection;
            if (owned != null) {
                connect(owned, owned.clientId());
                connection = owned;
            } else {
                connection = shared.serviceConnection(endpoint);
            }
            LocalJobsService.Builder builder = LocalJobsService.builder();
            serviceSettings.accept(builder);
            builder.transport(new ThingFilterTransport(ConnectionAccess.transport(connection), state::serves));
            if (clock != null) {
                builder.clock(clock);
            }
            state.service = builder.build();
            shared.active.add(state);
            await(state.service.start(), "the local Jobs service did not start serving on " + endpoint.uri);
            return state;
        } catch (RuntimeException e) {
            try {
                state.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private TestState state() {
        TestState state = currentOrNull();
        if (state != null) {
            return state;
        }
        if (running.isEmpty()) {
            throw new IllegalStateException("LocalJobsExtension: no test is running; the service, its control,"
                    + " faults, clock and connections exist from before @BeforeEach to after @AfterEach of each"
                    + " test (is the extension registered with @RegisterExtension or @LocalJobsTest?)");
        }
        throw new IllegalStateException("LocalJobsExtension: " + running.size() + " tests run in parallel and"
                + " this thread belongs to none of them; take the service or control on the test's thread"
                + " (or as parameters) and hand it over");
    }

    private TestState currentOrNull() {
        TestState state = current.get();
        if (state != null && !state.closed) {
            return state;
        }
        if (running.size() == 1) {
            for (TestState only : running.values()) {
                return only;
            }
        }
        return null;
    }

    private Endpoint endpoint() {
        if (brokerUriOverride != null) {
            return Endpoint.parse(brokerUriOverride, "brokerUri");
        }
        String property = System.getProperty(BROKER_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Endpoint.parse(property.trim(), BROKER_PROPERTY);
        }
        return Endpoint.parse(EmbeddedBroker.shared().serverUri(), "EmbeddedBroker.shared()");
    }

    private static void connect(MqttConnection connection, String clientId) {
        await(connection.connect(), "cannot connect the MQTT client " + clientId);
    }

    private static void await(java.util.concurrent.CompletableFuture<?> future, String failure) {
        try {
            future.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(failure + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(failure + ": no answer within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure + ": interrupted", e);
        }
    }

    private static String randomRunId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString();
    }

    /** Where the broker is. */
    private static final class Endpoint {
        final String uri;
        final String host;
        final int port;

        private Endpoint(String uri, String host, int port) {
            this.uri = uri;
            this.host = host;
            this.port = port;
        }

        static Endpoint parse(String text, String field) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(field + ": must be tcp://host:port, got \"" + text + "\"", e);
            }
            if (!"tcp".equals(uri.getScheme()) && !"mqtt".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        field + ": must be tcp://host:port (plain MQTT), got \"" + text + "\"");
            }
            return new Endpoint(text, uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort());
        }

        MqttConnectionBuilder builder() {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return MqttConnectionBuilder.plain(bare, port);
        }
    }

    /**
     * What the tests of one run share, kept in the root context's store (closed by JUnit when the run ends): the
     * running tests of every extension instance, oldest first, and the services' MQTT connection per broker.
     */
    private static final class Shared implements AutoCloseable {
        final List<TestState> active = new CopyOnWriteArrayList<>();
        private final Map<String, MqttConnection> connections = new ConcurrentHashMap<>();

        /** The connection the services of this run share on a broker, connected on first use. */
        synchronized MqttConnection serviceConnection(Endpoint endpoint) {
            MqttConnection existing = connections.get(endpoint.uri);
            if (existing != null) {
                return existing;
            }
            String clientId = "local-jobs-" + RUN_ID + "-services-" + COUNTER.incrementAndGet();
            MqttConnection connection = endpoint.builder().clientId(clientId).build();
            try {
                connect(connection, clientId);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            connections.put(endpoint.uri, connection);
            return connection;
        }

        @Override
        public synchronized void close() {
            connections.values().forEach(MqttConnection::close);
            connections.clear();
        }
    }

    /** One running test: its service, clock, connections, and the things it claimed. */
    private static final class TestState implements AutoCloseable {
        final String testId;
        final Shared shared;
        final MqttConnection serviceConnection;
        final TestClock clock;
        final Set<String> claimed = ConcurrentHashMap.newKeySet();
        final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
        volatile LocalJobsService service;
        volatile boolean closed;

        TestState(String testId, Shared shared, MqttConnection serviceConnection, TestClock clock) {
            this.testId = testId;
            this.shared = shared;
            this.serviceConnection = serviceConnection;
            this.clock = clock;
        }

        /** Whether this test's service answers the thing's requests (on the service's delivery thread). */
        boolean serves(String thingName) {
            if (claims(thingName)) {
                return true;
            }
            List<TestState> active = shared.active;
            for (TestState other : active) {
                if (other != this && other.claims(thingName)) {
                    return false;
                }
            }
            return !active.isEmpty() && active.get(0) == this;
        }

        /** Whether the thing is this test's: named by uniqueThingName, or targeted by one of its jobs. */
        boolean claims(String thingName) {
            if (claimed.contains(thingName)) {
                return true;
            }
            LocalJobsService running = service;
            if (running != null
                    && !running.control().listJobExecutionsForThing(thingName).isEmpty()) {
                claimed.add(thingName);
                return true;
            }
            return false;
        }

        /**
         * Closes the service, then the test's connections (newest first), then the service's own connection.
         * Idempotent.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            shared.active.remove(this);
            List<RuntimeException> failures = new ArrayList<>();
            LocalJobsService running = service;
            if (running != null) {
                closeQuietly(running, failures);
            }
            List<AutoCloseable> connections = new ArrayList<>(closeables);
            for (int i = connections.size() - 1; i >= 0; i--) {
                closeQuietly(connections.get(i), failures);
            }
            if (serviceConnection != null) {
                closeQuietly(serviceConnection, failures);
            }
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }

        private static void closeQuietly(AutoCloseable closeable, List<RuntimeException> failures) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                failures.add(e);
            } catch (Exception e) {
                failures.add(new IllegalStateException("closing " + closeable + " failed", e));
            }
        }

        @Override
        public String toString() {
            return "test " + testId;
        }
    }

    /** Configures a {@link LocalJobsExtension}. Not thread-safe. */
    public static final class Builder {
        private String brokerUri;
        private boolean systemClock;
        private boolean connectionPerTest;
        private Instant clockStart = TestClock.DEFAULT_START;
        private Consumer<LocalJobsService.Builder> serviceSettings = builder -> {};

        private Builder() {}

        /**
         * Uses this broker instead of the shared embedded one (and instead of the system property
         * {@value LocalJobsExtension#BROKER_PROPERTY}).
         *
         * @param uri {@code tcp://host:port}
         * @return this builder
         * @throws IllegalArgumentException if the URI is not {@code tcp://host[:port]}
         */
        public Builder brokerUri(String uri) {
            Endpoint.parse(Objects.requireNonNull(uri, "brokerUri"), "brokerUri");
            this.brokerUri = uri;
            return this;
        }

        /**
         * Uses the system clock instead of a {@link TestClock}: timers then fire in real time on the service's
         * timer thread, and {@link LocalJobsExtension#clock()} throws.
         *
         * @return this builder
         */
        public Builder systemClock() {
            this.systemClock = true;
            return this;
        }

        /**
         * Gives each test's service an MQTT connection of its own, connected before and closed after the test,
         * instead of one connection that the services of this JVM share (each test still has a service of its
         * own). Costs about a second and a half per test, mostly for closing the connection; use it when a test
         * disturbs the service's connection (for example by restarting an external broker).
         *
         * @return this builder
         */
        public Builder connectionPerTest() {
            this.connectionPerTest = true;
            return this;
        }

        /**
         * Where each test's {@link TestClock} starts (default {@link TestClock#DEFAULT_START}).
         *
         * @param start the start time
         * @return this builder
         */
        public Builder clockStart(Instant start) {
            this.clockStart = Objects.requireNonNull(start, "clockStart");
            this.systemClock = false;
            return this;
        }

        /**
         * More settings for every test's service, such as {@code b -> b.pendingListSize(15)}. The connection
         * and the clock are the extension's: do not set them here.
         *
         * @param settings called with the service builder before each test
         * @return this builder
         */
        public Builder service(Consumer<LocalJobsService.Builder> settings) {
            this.serviceSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Builds the extension.
         *
         * @return the extension, for a {@code @RegisterExtension} field
         */
        public LocalJobsExtension build() {
            return new LocalJobsExtension(this);
        }
    }
}
