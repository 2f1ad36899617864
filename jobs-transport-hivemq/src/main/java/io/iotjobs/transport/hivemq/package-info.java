/**
 * The HiveMQ MQTT client as a transport of {@link io.iotjobs.core.MqttConnection}: {@link
 * io.iotjobs.transport.hivemq.HiveMqTransport}.
 */
package io.iotjobs.transport.hivemq;
