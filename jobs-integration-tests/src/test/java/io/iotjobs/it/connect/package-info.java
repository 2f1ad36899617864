/**
 * Integration tests of the ways a device connects (proxies, TLS identities, WebSockets, authentication), each
 * parameterised over the transports that can honour it, against real components started by the tests.
 */
package io.iotjobs.it.connect;
