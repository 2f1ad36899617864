/**
 * Every way a device connects, against real components: WebSockets (plain and signed with Signature Version 4)
 * on the embedded broker's and Mosquitto's WebSocket listeners, AWS IoT custom authorizers against Mosquitto's
 * password file, the ALPN protocol offered in the TLS ClientHello; each over every transport that can honour it.
 */
package io.iotjobs.it.connect;
