package io.iotjobs.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to configure a broker started by {@link Brokers#start(BrokerKind, BrokerSettings)}: immutable; each
 * {@code with...} method returns a changed copy.
 *
 * <p>Defaults: no persistence (sessions die with a restart), receive maximum 100, nothing denied.
 */
public final class BrokerSettings {
    private final boolean persistent;
    private final int receiveMaximum;
    private final List<String> denied;
    private final int maximumPacketSize;

    private BrokerSettings(boolean persistent, int receiveMaximum, List<String> denied, int maximumPacketSize) {
        this.persistent = persistent;
        this.receiveMaximum = receiveMaximum;
        this.denied = List.copyOf(denied);
        this.maximumPacketSize = maximumPacketSize;
    }

    /**
     * The defaults: in memory, receive maximum 100, everything allowed.
     *
     * @return the settings
     */
    public static BrokerSettings defaults() {
        return new BrokerSettings(false, 100, List.of(), 0);
    }

    /**
     * File persistence, so persistent sessions and their queued messages survive a restart (embedded:
     * {@code Persistence.FILE}, about 1 to 3 s to start and 4 s to stop; Mosquitto: {@code persistence true}).
     *
     * @param enabled the flag
     * @return a copy with the setting
     */
    public BrokerSettings withPersistence(boolean enabled) {
        return new BrokerSettings(enabled, receiveMaximum, denied, maximumPacketSize);
    }

    /**
     * The receive maximum the broker announces in CONNACK.
     *
     * @param max 1..65535
     * @return a copy with the setting
     */
    public BrokerSettings withReceiveMaximum(int max) {
        if (max < 1 || max > 65535) {
            throw new IllegalArgumentException("receiveMaximum: must be 1..65535, got " + max);
        }
        return new BrokerSettings(persistent, max, denied, maximumPacketSize);
    }

    /**
     * Denies subscribing and publishing to a topic filter (reason code 0x87). Only Mosquitto can do this: a
     * test asking it of the embedded broker is skipped.
     *
     * @param topicFilter the filter, e.g. {@code $aws/things/denied/#}
     * @return a copy with the filter added
     */
    public BrokerSettings withDenied(String topicFilter) {
        Objects.requireNonNull(topicFilter, "topicFilter");
        List<String> more = new ArrayList<>(denied);
        more.add(topicFilter);
        return new BrokerSettings(persistent, receiveMaximum, more, maximumPacketSize);
    }

    /**
     * The largest packet the broker accepts, announced in CONNACK to MQTT 5 clients.
     *
     * @param bytes at least 1,024
     * @return a copy with the setting
     */
    public BrokerSettings withMaximumPacketSize(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maximumPacketSize: must be at least 1024, got " + bytes);
        }
        return new BrokerSettings(persistent, receiveMaximum, denied, bytes);
    }

    /**
     * The largest packet the broker accepts.
     *
     * @return the limit in bytes, or 0 for the broker's default
     */
    public int maximumPacketSize() {
        return maximumPacketSize;
    }

    /**
     * Whether file persistence is on.
     *
     * @return the flag
     */
    public boolean persistent() {
        return persistent;
    }

    /**
     * The receive maximum.
     *
     * @return the value
     */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    /**
     * The denied topic filters.
     *
     * @return the filters, possibly empty
     */
    public List<String> denied() {
        return denied;
    }

    @Override
    public String toString() {
        return "BrokerSettings[persistent=" + persistent + ", receiveMaximum=" + receiveMaximum
                + (denied.isEmpty() ? "" : ", denied=" + denied)
                + (maximumPacketSize == 0 ? "" : ", maximumPacketSize=" + maximumPacketSize) + "]";
    }
}
