/**
 * The job agent: the device's job-processing loop done right (handlers, single flight, heartbeat,
 * cancellation, retries, checkpoints), on top of the V2 client.
 */
package io.iotjobs.agent;
