package io.iotjobs.it.support;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.EmbeddedBroker;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the brokers of the integration tests and decides whether a broker's test cases run, are skipped or
 * fail.
 *
 * <p><b>Parameterised tests over both brokers.</b> Use {@code @EnumSource(BrokerKind.class)} (or
 * {@code @MethodSource("io.iotjobs.it.support.Brokers#kinds")}) and get the broker from a
 * {@link BrokerPool} held by the test class, from {@link #shared(BrokerKind)}, or from
 * {@link #start(BrokerKind, BrokerSettings)}. Each of them first calls {@link #assumeAvailable(BrokerKind)}:
 * <ul>
 *   <li>{@link BrokerKind#EMBEDDED} always runs;</li>
 *   <li>{@link BrokerKind#MOSQUITTO} runs when the {@code mosquitto} binary is installed. Without it the case
 *       is <em>skipped</em> (a JUnit assumption, with a message saying how to install it) unless the
 *       environment variable {@value #REQUIRE_MOSQUITTO_ENV} is {@code 1}, as CI sets it: then the case
 *       <em>fails</em>;</li>
 *   <li>the system property {@value #BROKER_PROPERTY} ({@code embedded} or {@code mosquitto}; empty means
 *       both) restricts a run to one broker: the other broker's cases are skipped.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Brokers {

    /** The environment variable that turns a missing Mosquitto from a skip into a failure. */
    public static final String REQUIRE_MOSQUITTO_ENV = "IOTJOBS_REQUIRE_MOSQUITTO";
    /** The system property that restricts a run to one broker. */
    public static final String BROKER_PROPERTY = "iotjobs.it.broker";

    private static final Map<BrokerKind, Broker> SHARED = new EnumMap<>(BrokerKind.class);

    private Brokers() {}

    /**
     * Every broker kind, as a JUnit {@code @MethodSource}.
     *
     * @return the kinds
     */
    public static Stream<BrokerKind> kinds() {
        return Stream.of(BrokerKind.values());
    }

    /**
     * Skips the running test when this broker is not selected or (Mosquitto) not installed; fails it instead
     * when Mosquitto is missing and {@value #REQUIRE_MOSQUITTO_ENV}{@code =1}.
     *
     * @param kind the broker
     * @throws org.opentest4j.TestAbortedException to skip
     * @throws IllegalStateException when Mosquitto is required but missing
     */
    public static void assumeAvailable(BrokerKind kind) {
        String selected = System.getProperty(BROKER_PROPERTY, "").trim();
        Assumptions.assumeTrue(
                selected.isEmpty() || selected.equalsIgnoreCase(kind.id()),
                () -> "this run is restricted to the broker \"" + selected + "\" (-D" + BROKER_PROPERTY + ")");
        if (kind == BrokerKind.MOSQUITTO && !MosquittoBroker.isInstalled()) {
            if ("1".equals(System.getenv(REQUIRE_MOSQUITTO_ENV))) {
                throw new IllegalStateException(REQUIRE_MOSQUITTO_ENV + "=1 but the mosquitto binary is not on PATH"
                        + " nor in /usr/sbin: install it (apt-get install -y mosquitto) or unset the variable");
            }
            Assumptions.abort("mosquitto is not installed, so the Mosquitto cases are skipped (install it with"
                    + " apt-get install -y mosquitto; CI sets " + REQUIRE_MOSQUITTO_ENV + "=1 to make this a failure)");
        }
    }

    /**
     * Starts a broker of one's own (close it when done). Checks {@link #assumeAvailable(BrokerKind)} first.
     *
     * @param kind the broker
     * @param settings its settings; a denied topic skips the test on the embedded broker, which cannot deny
     * @return the running broker
     */
    public static Broker start(BrokerKind kind, BrokerSettings settings) {
        assumeAvailable(kind);
        switch (kind) {
            case EMBEDDED:
                Assumptions.assumeTrue(
                        settings.denied().isEmpty(),
                        "the embedded broker has no authorization: it cannot deny a topic");
                EmbeddedBroker.Builder embeddedBuilder = EmbeddedBroker.builder();
                if (settings.maximumPacketSize() > 0) {
                    embeddedBuilder.maximumPacketSize(settings.maximumPacketSize());
                }
                EmbeddedBroker embedded = embeddedBuilder
                        .receiveMaximum(settings.receiveMaximum())
                        .persistence(
                                settings.persistent()
                                        ? EmbeddedBroker.Persistence.FILE
                                        : EmbeddedBroker.Persistence.IN_MEMORY)
                        .start();
                return new EmbeddedBrokerAdapter(embedded, settings.persistent(), false);
            case MOSQUITTO:
                Assumptions.assumeTrue(
                        settings.denied().isEmpty()
                                || MosquittoBroker.dynamicSecurityPlugin().isPresent(),
                        "mosquitto's dynamic security plugin (needed to deny a topic) is not installed");
                MosquittoBroker.Builder builder = MosquittoBroker.builder()
                        .persistence(settings.persistent())
                        .maxInflightMessages(settings.receiveMaximum())
                        .maxPacketSize(settings.maximumPacketSize());
                settings.denied().forEach(builder::deny);
                return builder.start();
            default:
                throw new IllegalArgumentException("kind: unknown " + kind);
        }
    }

    /**
     * The broker of this kind shared by all tests in the JVM: default settings (no persistence, receive
     * maximum 100), started on first use, stopped when the JVM exits. {@code stop()} and {@code restart()} on
     * it throw {@link UnsupportedOperationException} and {@code close()} does nothing; tests that stop the
     * broker or need other settings start their own. Client ids must be unique across tests. Checks
     * {@link #assumeAvailable(BrokerKind)} first.
     *
     * @param kind the broker
     * @return the running shared broker
     */
    public static Broker shared(BrokerKind kind) {
        assumeAvailable(kind);
        synchronized (SHARED) {
            Broker broker = SHARED.get(kind);
            if (broker == null) {
                if (kind == BrokerKind.EMBEDDED) {
                    broker = new EmbeddedBrokerAdapter(EmbeddedBroker.shared(), false, true);
                } else {
                    MosquittoBroker mosquitto = MosquittoBroker.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(mosquitto::close, "shared-mosquitto-shutdown"));
                    broker = new Unstoppable(mosquitto);
                }
                SHARED.put(kind, broker);
            }
            return broker;
        }
    }

    /** A shared broker: no stop, restart or close. */
    private static final class Unstoppable implements Broker {
        private final Broker delegate;

        Unstoppable(Broker delegate) {
            this.delegate = delegate;
        }

        @Override
        public BrokerKind kind() {
            return delegate.kind();
        }

        @Override
        public String host() {
            return delegate.host();
        }

        @Override
        public int port() {
            return delegate.port();
        }

        @Override
        public MqttConnectionBuilder connectionBuilder() {
            return delegate.connectionBuilder();
        }

        @Override
        public Broker start() {
            delegate.start();
            return this;
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("the shared broker cannot be stopped: start one of your own");
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("the shared broker cannot be restarted: start one of your own");
        }

        @Override
        public boolean isRunning() {
            return delegate.isRunning();
        }

        @Override
        public boolean keepsSessionsAcrossRestart() {
            return delegate.keepsSessionsAcrossRestart();
        }

        @Override
        public String diagnostics() {
            return delegate.diagnostics();
        }

        @Override
        public void close() {
            // shared: stopped by the shutdown hook
        }

        @Override
        public String toString() {
            return "shared " + delegate;
        }
    }
}
