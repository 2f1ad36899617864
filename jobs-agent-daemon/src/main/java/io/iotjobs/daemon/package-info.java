/**
 * The job agent daemon: {@link io.iotjobs.daemon.AgentDaemon} runs a {@code JobsAgent} as a program from a
 * configuration file.
 */
package io.iotjobs.daemon;
