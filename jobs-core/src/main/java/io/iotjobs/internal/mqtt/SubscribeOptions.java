package io.iotjobs.internal.mqtt;

import io.iotjobs.core.Qos;
import java.util.Objects;

/**
 * Options of one subscription.
 */
public final class SubscribeOptions {
    /** QoS 1, local messages delivered. */
    public static final SubscribeOptions QOS1 = new SubscribeOptions(Qos.AT_LEAST_ONCE, false);

    private final Qos qos;
    private final boolean noLocal;

    private SubscribeOptions(Qos qos, boolean noLocal) {
        this.qos = Objects.requireNonNull(qos, "qos");
        this.noLocal = noLocal;
    }

    /**
     * Options with the given QoS and no-local flag.
     *
     * @param qos the maximum QoS
     * @param noLocal MQTT 5 no-local: do not deliver this connection's own publishes
     * @return the options
     */
    public static SubscribeOptions of(Qos qos, boolean noLocal) {
        return new SubscribeOptions(qos, noLocal);
    }

    /**
     * The maximum QoS.
     *
     * @return the QoS
     */
    public Qos qos() {
        return qos;
    }

    /**
     * The MQTT 5 no-local flag.
     *
     * @return true when the connection's own publishes are not delivered back
     */
    public boolean noLocal() {
        return noLocal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscribeOptions
                && ((SubscribeOptions) o).qos == qos
                && ((SubscribeOptions) o).noLocal == noLocal;
    }

    @Override
    public int hashCode() {
        return qos.hashCode() * 31 + Boolean.hashCode(noLocal);
    }

    @Override
    public String toString() {
        return "SubscribeOptions{" + qos + (noLocal ? ", noLocal" : "") + "}";
    }
}
