package io.iotjobs.internal.testkit;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.Transport;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the service's replies and events at QoS 1 (UNCONFIRMED at which QoS the service publishes; 1 is
 * what devices subscribe with), applying the reply faults (drop, delay) and the event
 * fault (duplicate). Publishing never blocks: the transport queues, and delayed replies wait on the clock.
 */
final class ServiceOutput {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceOutput.class);

    private final Transport transport;
    private final ServiceClock clock;
    private final Faults faults;
    private final Observers observers;
    private final Set<ServiceClock.Cancellable> delayed = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    ServiceOutput(Transport transport, ServiceClock clock, Faults faults, Observers observers) {
        this.transport = transport;
        this.clock = clock;
        this.faults = faults;
        this.observers = observers;
    }

    /**
     * Sends a reply (subject to the drop and delay faults).
     *
     * @param topic the accepted or rejected topic
     * @param body the model value
     */
    void reply(String topic, Object body) {
        if (faults.dropReply()) {
            LOG.debug("fault injection: reply on {} dropped", topic);
            if (observers.active()) {
                observers.traffic(
                        clock.now(),
                        ServiceObserver.Direction.OUT,
                        topic,
                        JobsJson.encode(body),
                        "dropped by fault injection: not published");
            }
            return;
        }
        byte[] payload = JobsJson.encode(body);
        Duration delay = faults.replyDelay();
        if (delay.isZero()) {
            send(topic, payload, null);
            return;
        }
        LOG.debug("fault injection: reply on {} delayed by {}", topic, delay);
        ServiceClock.Cancellable[] handle = new ServiceClock.Cancellable[1];
        synchronized (delayed) {
            if (closed) {
                return;
            }
            handle[0] = clock.schedule(clock.now().plus(delay), () -> {
                synchronized (delayed) {
                    if (!delayed.remove(handle[0])) {
                        return;
                    }
                }
                send(topic, payload, "delayed by fault injection (" + delay.toMillis() + " ms)");
            });
            delayed.add(handle[0]);
        }
    }

    /**
     * Sends notify / notify-next events (each twice while the duplicate fault is on).
     *
     * @param events the events, in order
     */
    void events(List<Outgoing> events) {
        boolean twice = !events.isEmpty() && faults.duplicateEvents();
        for (Outgoing event : events) {
            byte[] payload = JobsJson.encode(event.body);
            send(event.topic, payload, null);
            if (twice) {
                send(event.topic, payload, "duplicated by fault injection");
            }
        }
    }

    /**
     * Publishes a payload as it is (lifecycle events).
     *
     * @param topic the topic
     * @param payload the bytes
     */
    void raw(String topic, byte[] payload) {
        send(topic, payload, null);
    }

    private void send(String topic, byte[] payload, String note) {
        if (observers.active()) {
            observers.traffic(clock.now(), ServiceObserver.Direction.OUT, topic, payload, note);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("-> {} {}", topic, new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        }
        transport.publish(topic, payload, Qos.AT_LEAST_ONCE).whenComplete((v, error) -> {
            if (error != null) {
                LOG.debug("publish to {} failed: {}", topic, error.toString());
            }
        });
    }

    /** Cancels the delayed replies not yet sent; later replies are dropped. */
    void close() {
        List<ServiceClock.Cancellable> pending;
        synchronized (delayed) {
            closed = true;
            pending = List.copyOf(delayed);
            delayed.clear();
        }
        pending.forEach(ServiceClock.Cancellable::cancel);
    }

    /** One message to publish: a topic and a model value. */
    static final class Outgoing {
        final String topic;
        final Object body;

        Outgoing(String topic, Object body) {
            this.topic = topic;
            this.body = body;
        }

        @Override
        public String toString() {
            return topic;
        }
    }
}
