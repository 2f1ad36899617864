/**
 * Integration tests that cross modules: reliability, security, load, and the same suites against the
 * embedded broker and Mosquitto.
 */
package io.iotjobs.it;
