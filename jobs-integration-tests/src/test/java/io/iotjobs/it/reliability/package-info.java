/**
 * Reliability and security tests against real brokers (the embedded broker and Mosquitto): reconnects with
 * persistent and lost sessions, requests across connection losses, connection-level behaviour, mutual TLS,
 * and resource clean-up. docs/reliability.md lists the promise each test checks.
 */
package io.iotjobs.it.reliability;
