/**
 * Broker fixtures for the integration tests: {@link io.iotjobs.it.support.Brokers} and
 * {@link io.iotjobs.it.support.BrokerPool} give the embedded broker and Mosquitto (as a child process,
 * {@link io.iotjobs.it.support.MosquittoBroker}) behind one interface, {@link io.iotjobs.it.support.Broker},
 * for tests parameterised over {@link io.iotjobs.it.support.BrokerKind}; {@link io.iotjobs.it.support.TcpProxy}
 * takes one client offline while the broker stays up.
 */
package io.iotjobs.it.support;
