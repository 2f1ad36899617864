package io.iotjobs.it.support;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One broker per kind for one test class, started on first use with the same settings and closed with the
 * pool: hold it in a static field and close it in {@code @AfterAll}.
 *
 * <pre>{@code
 * private static final BrokerPool BROKERS = new BrokerPool(BrokerSettings.defaults().withReceiveMaximum(10));
 *
 * @AfterAll
 * static void closeBrokers() {
 *     BROKERS.close();
 * }
 *
 * @ParameterizedTest(name = "{0}")
 * @EnumSource(BrokerKind.class)
 * void test(BrokerKind kind) {
 *     Broker broker = BROKERS.get(kind);
 * }
 * }</pre>
 *
 * <p>A test that stops the broker should leave it running (call {@link Broker#start()} in a
 * {@code finally}); {@link #get(BrokerKind)} also starts a stopped broker again. Thread-safe.
 */
public final class BrokerPool implements AutoCloseable {
    private final BrokerSettings settings;
    private final Map<BrokerKind, Broker> brokers = new EnumMap<>(BrokerKind.class);

    /**
     * Creates an empty pool.
     *
     * @param settings the settings of every broker of the pool
     */
    public BrokerPool(BrokerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The pool's broker of this kind, started if needed. Skips (or, for a required Mosquitto, fails) the
     * running test as {@link Brokers#assumeAvailable(BrokerKind)} says.
     *
     * @param kind the broker
     * @return the running broker
     */
    public synchronized Broker get(BrokerKind kind) {
        Broker broker = brokers.get(kind);
        if (broker == null) {
            broker = Brokers.start(kind, settings);
            brokers.put(kind, broker);
        } else if (!broker.isRunning()) {
            broker.start();
        }
        return broker;
    }

    /**
     * Closes every broker started by the pool.
     */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (Broker broker : brokers.values()) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        brokers.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "BrokerPool[" + settings + "]";
    }
}
