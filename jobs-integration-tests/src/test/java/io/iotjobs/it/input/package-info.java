/**
 * Bad input against real brokers: every bad argument of the V1 and V2 clients is refused at once, naming the
 * field, and nothing reaches a topic.
 */
package io.iotjobs.it.input;
