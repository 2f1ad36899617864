/**
 * Load and concurrency against the embedded broker and Mosquitto: many concurrent V2 requests on one
 * connection, many devices running the V1 job loop at once, and racing updates with the same expected
 * version.
 */
package io.iotjobs.it.load;
