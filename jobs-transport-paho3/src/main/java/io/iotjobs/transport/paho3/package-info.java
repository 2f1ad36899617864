/**
 * MQTT 3.1.1 for {@link io.iotjobs.core.MqttConnection} through Eclipse Paho v3: see
 * {@link io.iotjobs.transport.paho3.PahoV3Transport}.
 */
package io.iotjobs.transport.paho3;
