/**
 * Integration tests of the ways a device connects and of the connection options, each over every transport that
 * can honour it, against real components: the embedded broker and Mosquitto (WebSocket listeners, a password file
 * for custom authorizers), recorders of the HTTP upgrade request and of the ALPN protocols a TLS ClientHello offers.
 */
package io.iotjobs.it.connect;
