/**
 * Integration tests of the ways a device connects and of the connection options, each over every transport that
 * can honour it, against the embedded broker and Mosquitto.
 */
package io.iotjobs.it.connect;
