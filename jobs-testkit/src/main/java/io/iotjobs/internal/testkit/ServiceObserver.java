package io.iotjobs.internal.testkit;

import java.time.Instant;

/**
 * Watches the local service from the inside (the web console does): the device-facing MQTT traffic as it
 * happens, and a hint each time the state of a thing, a job, the registry or the faults changed.
 *
 * <p>Called on the thread that did the work (the connection's delivery thread, a control caller, the clock's
 * thread), sometimes with a thing's lock held: an observer must return at once, never block and never call back
 * into the service.
 */
public interface ServiceObserver {

    /** Which way a message went. */
    enum Direction {
        /** A device's request to the service. */
        IN,
        /** A reply or event the service published (or would have, see the note). */
        OUT
    }

    /** What changed. */
    enum Scope {
        /** The executions of a thing. */
        THING,
        /** A job (created, canceled, updated, deleted). */
        JOB,
        /** A thing or thing group of the registry, or a membership. */
        REGISTRY,
        /** The fault-injection switches (set, or a count used up). */
        FAULTS
    }

    /**
     * A message the service received or published.
     *
     * @param time the service time
     * @param direction in or out
     * @param topic the MQTT topic
     * @param payload the payload (not to be changed, and not to be kept: copy what is needed)
     * @param note what fault injection did to it (lost, dropped, delayed, duplicated), or {@code null}
     */
    void traffic(Instant time, Direction direction, String topic, byte[] payload, String note);

    /**
     * Something changed; called after the change is visible to readers.
     *
     * @param scope what kind of thing changed
     * @param name the thing name, job id, registry name, or {@code null} for the faults
     */
    void changed(Scope scope, String name);
}
