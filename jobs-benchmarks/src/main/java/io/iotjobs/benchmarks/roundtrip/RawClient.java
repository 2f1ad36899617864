package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.benchmarks.harness.BenchTransport;
import java.util.function.Consumer;

/**
 * A plain MQTT client of one library, no SDK: connected with a clean session, TCP_NODELAY on, QoS 1 publishes
 * kept within the library's or the broker's in-flight limit. The raw scenarios use one at each end, so that the
 * library's own cost is the limit the SDK is compared with.
 */
interface RawClient extends AutoCloseable {

    /**
     * Connects a raw client of a transport's library, speaking its protocol.
     *
     * @param transport the transport whose library and protocol to use
     * @param host the broker's host
     * @param port the broker's port
     * @param clientId the client id
     * @return the connected client
     * @throws Exception if it cannot connect
     */
    static RawClient connect(BenchTransport transport, String host, int port, String clientId) throws Exception {
        switch (transport) {
            case PAHO5:
                return new PahoV5RawClient(host, port, clientId);
            case PAHO3:
                return new PahoV3RawClient(host, port, clientId);
            case HIVEMQ5:
                return HiveMqRawClient.mqtt5(host, port, clientId);
            case HIVEMQ311:
                return HiveMqRawClient.mqtt311(host, port, clientId);
            default:
                throw new IllegalArgumentException("no raw client for " + transport.label());
        }
    }

    /**
     * Subscribes at QoS 1 and waits for the SUBACK.
     *
     * @param filter the filter
     * @param listener called with each payload, on the library's thread
     * @throws Exception if the subscription fails
     */
    void subscribe(String filter, Consumer<byte[]> listener) throws Exception;

    /**
     * Publishes at QoS 1 (queued while the in-flight limit is reached).
     *
     * @param topic the topic
     * @param payload the payload
     */
    void publish(String topic, byte[] payload);

    /** Disconnects and releases the client's threads. */
    @Override
    void close();
}
