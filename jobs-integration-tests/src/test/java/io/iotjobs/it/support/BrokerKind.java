package io.iotjobs.it.support;

/**
 * The brokers the integration tests run against. Use it as the parameter of a parameterised test:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @EnumSource(BrokerKind.class)
 * void survivesRestart(BrokerKind kind) {
 *     Broker broker = brokers.get(kind);   // a BrokerPool; skips or fails when the broker is missing
 *     ...
 * }
 * }</pre>
 */
public enum BrokerKind {
    /** HiveMQ CE embedded in the test JVM, through the testkit's {@code EmbeddedBroker}. Always available. */
    EMBEDDED("embedded"),
    /** Mosquitto as a child process ({@link MosquittoBroker}); needs the {@code mosquitto} binary. */
    MOSQUITTO("mosquitto");

    private final String id;

    BrokerKind(String id) {
        this.id = id;
    }

    /**
     * The short name used in test names and in the {@code iotjobs.it.broker} system property.
     *
     * @return {@code embedded} or {@code mosquitto}
     */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
