/**
 * Integration tests of every way a device connects and of the connection options, each over every transport that
 * can honour it, against real components: the embedded broker and Mosquitto (TLS identities, WebSockets plain and
 * signed with Signature Version 4, AWS IoT custom authorizers against Mosquitto's password file, the ALPN protocol
 * offered in the TLS ClientHello, the MQTT connection options).
 */
package io.iotjobs.it.connect;
