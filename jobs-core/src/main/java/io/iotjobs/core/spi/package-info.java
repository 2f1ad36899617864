/**
 * The transport SPI: what an MQTT client library must do for an {@link io.iotjobs.core.MqttConnection}.
 *
 * <p>A transport is a thin driver of one library client ({@link io.iotjobs.core.spi.MqttTransport}): it makes
 * one connection attempt when asked, sends one PUBLISH, SUBSCRIBE or UNSUBSCRIBE when asked and reports the
 * acknowledgement, and tells the connection what arrives ({@link io.iotjobs.core.spi.TransportEvents}).
 * Everything else is written once above it, in the connection, for every transport: reconnects with backoff
 * and a bounded attempt, dispatch of incoming messages to subscribers by topic filter, one MQTT subscription per
 * filter however many subscribers share it, re-subscription after a lost session, queueing of publishes within
 * the broker's receive maximum and while offline, the SDK's threads, and the mapping of failures to the SDK's
 * exceptions.
 *
 * <p>A {@link io.iotjobs.core.spi.TransportFactory} turns the library-neutral
 * {@link io.iotjobs.core.spi.ConnectionSettings} collected by {@link io.iotjobs.core.MqttConnectionBuilder}
 * into a transport, and refuses at build time, naming the option, the transport and the protocol, any setting
 * it cannot honour.
 *
 * <p>The SDK ships three transports: Eclipse Paho v5 (the default, in {@code jobs-core}), Eclipse Paho v3 for
 * MQTT 3.1.1 ({@code jobs-transport-paho3}) and the HiveMQ MQTT client for MQTT 5 and 3.1.1
 * ({@code jobs-transport-hivemq}).
 */
package io.iotjobs.core.spi;
