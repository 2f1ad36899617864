package io.iotjobs.core.spi;

import io.iotjobs.core.Qos;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT client of some library, driven by an {@link io.iotjobs.core.MqttConnection}. Implementations map each
 * call onto their library and report outcomes; they keep no subscriptions, queues or retry logic of their own
 * (the connection does all that, once for every transport: see the {@linkplain io.iotjobs.core.spi package
 * documentation}).
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>The connection calls {@link #start} once, before anything else, and calls {@link #connect()} again only
 *       after the previous attempt completed or after {@link #abort()}.</li>
 *   <li>Futures complete on any thread (usually the library's); they fail with a {@link TransportException}
 *       that classifies the failure ({@link TransportException.Kind}); the connection turns it into the SDK's
 *       exceptions.</li>
 *   <li>Every method returns at once: no blocking on the network.</li>
 *   <li>Sockets have TCP_NODELAY on (without it a QoS 1 round trip costs tens of milliseconds to Nagle's
 *       algorithm meeting delayed acknowledgements).</li>
 * </ul>
 *
 * <p>Implementations are used from several threads at once and must be thread-safe.
 */
public interface MqttTransport {

    /**
     * The transport's name for messages and logs, e.g. {@code Paho v5} or {@code HiveMQ client}.
     *
     * @return the name
     */
    String name();

    /**
     * The protocol this transport speaks.
     *
     * @return the protocol
     */
    MqttProtocol protocol();

    /**
     * The MQTT client id.
     *
     * @return the client id
     */
    String clientId();

    /**
     * The server this transport connects to, for messages: e.g. {@code tcp://127.0.0.1:1883} or
     * {@code ssl://abc-ats.iot.eu-west-1.amazonaws.com:8883}.
     *
     * @return the server address
     */
    String serverUri();

    /**
     * Whether the library client is connected and reconnected by its owner (a wrapped client whose owner keeps
     * control): the connection then never calls {@link #connect()} or {@link #disconnect()}, and learns of the
     * owner's connects through {@link TransportEvents#onConnectedByOwner}.
     *
     * @return true for an owner-connected client
     */
    boolean ownerConnects();

    /**
     * Whether the library client is connected right now (read once, when the connection is created, for a client
     * that was connected before it was wrapped).
     *
     * @return true when connected
     */
    boolean isConnected();

    /**
     * The most QoS 1 publishes the library itself lets be unacknowledged at once, whatever the broker allows;
     * {@link Integer#MAX_VALUE} when the library has no limit of its own. The connection keeps within the smaller
     * of this and the broker's receive maximum.
     *
     * @return the limit, at least 1
     */
    int inFlightLimit();

    /**
     * Installs the receiver of what arrives. Called once, before anything else.
     *
     * @param events the connection's receiver
     */
    void start(TransportEvents events);

    /**
     * Makes one connection attempt: network connection, TLS, CONNECT, CONNACK. The connection bounds the attempt
     * by its connect timeout and calls {@link #abort()} when it runs out.
     *
     * @return completes with the CONNACK's content; fails with a {@link TransportException}: {@code REFUSED} with
     *     the CONNACK's reason or return code, or {@code FAILED} with the library's exception
     */
    CompletableFuture<ConnAck> connect();

    /**
     * Abandons a connection attempt that did not complete in time, or a connection: closes the network
     * connection now, without a DISCONNECT, so that {@link #connect()} may be called again. Never throws.
     */
    void abort();

    /**
     * Sends a DISCONNECT and closes the network connection.
     *
     * @return completes (never fails) once the library is ready for another {@link #connect()}
     */
    CompletableFuture<Void> disconnect();

    /**
     * Sends one PUBLISH.
     *
     * @param topic a valid topic name
     * @param payload the payload (not to be changed)
     * @param qos the QoS
     * @param retain the retain flag
     * @return completes when the PUBLISH was written (QoS 0) or its PUBACK arrived with a success code (QoS 1);
     *     fails with a {@link TransportException}: {@code NOT_CONNECTED} or {@code WINDOW_FULL} when nothing was
     *     sent, {@code REFUSED} with the PUBACK's reason code, {@code CONNECTION_LOST} when the outcome is unknown
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain);

    /**
     * Sends one SUBSCRIBE with one filter.
     *
     * @param filter a valid topic filter
     * @param qos the maximum QoS
     * @param noLocal MQTT 5 no-local (never {@code true} when the protocol has none)
     * @param subscriptionId the MQTT 5 subscription identifier to send, 1 to 268,435,455, or 0 for none (always 0
     *     unless the CONNACK said {@link ConnAck#subscriptionIdentifiersAvailable()})
     * @return completes with the QoS the broker granted; fails with a {@link TransportException}: {@code REFUSED}
     *     with the SUBACK's reason code (0x80 on MQTT 3.1.1)
     */
    CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId);

    /**
     * Sends one UNSUBSCRIBE with one filter.
     *
     * @param filter the filter
     * @return completes on UNSUBACK
     */
    CompletableFuture<Void> unsubscribe(String filter);

    /**
     * Releases the library client: closes it when the transport created it, or detaches from a wrapped client
     * (which stays open and, if it was, connected). Called once, last, after {@link #disconnect()} when connected.
     * Stops every thread the transport or, for a client it created, the library started, or lets them end.
     */
    void close();
}
