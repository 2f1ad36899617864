package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.benchmarks.harness.BenchTransport;
import io.iotjobs.benchmarks.harness.BrokerUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain clients of one MQTT library, no SDK ({@link RawClient}). A requester publishes to a request topic and
 * waits for a message on the reply topic, to which it is subscribed. QoS 1 both ways, TCP_NODELAY on, no
 * correlation (replies on one topic arrive in order, so they are matched to requests first in, first out).
 *
 * <p>Two uses: the physical limit of a library ({@link #echo}: a second raw client of the same library
 * republishes the same bytes, no JSON), and the local service's share of a round trip ({@link #toService}: the
 * local service answers a fixed request).
 */
final class RawEchoScenario implements Scenario {

    private final String name;
    private final String description;
    private final List<RawClient> clients = new ArrayList<>();
    private final RawClient requester;
    private final String requestTopic;
    private final byte[] payload;
    private final Queue<Completion> waiting = new ConcurrentLinkedQueue<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder echoed = new LongAdder();
    private final LongAdder replies = new LongAdder();

    /**
     * The physical limit of a library: the request bytes come back from an echo client of the same library.
     */
    static RawEchoScenario echo(
            BenchTransport transport,
            BrokerUnderTest broker,
            String idPrefix,
            String requestTopic,
            String replyTopic,
            byte[] payload)
            throws Exception {
        return new RawEchoScenario(
                transport.label() + "/raw",
                "raw " + transport.description() + " request -> "
                        + "echo client of the same library -> reply, QoS 1, TCP_NODELAY, " + payload.length
                        + "-byte payload",
                transport,
                broker,
                idPrefix,
                requestTopic,
                replyTopic,
                payload,
                true);
    }

    /**
     * A raw client against the local service: a fixed request (one client token for all) and its accepted reply.
     */
    static RawEchoScenario toService(
            BenchTransport transport,
            BrokerUnderTest broker,
            String idPrefix,
            String requestTopic,
            String replyTopic,
            byte[] payload)
            throws Exception {
        return new RawEchoScenario(
                transport.label() + "/raw-service",
                "raw " + transport.description()
                        + " client -> local service -> accepted reply (the same describe as v2-describe, with no SDK on "
                        + "the device side)",
                transport,
                broker,
                idPrefix,
                requestTopic,
                replyTopic,
                payload,
                false);
    }

    private RawEchoScenario(
            String name,
            String description,
            BenchTransport transport,
            BrokerUnderTest broker,
            String idPrefix,
            String requestTopic,
            String replyTopic,
            byte[] payload,
            boolean withEcho)
            throws Exception {
        this.name = name;
        this.description = description;
        this.requestTopic = requestTopic;
        this.payload = payload.clone();
        try {
            if (withEcho) {
                RawClient echo = RawClient.connect(transport, broker.host(), broker.port(), idPrefix + "-echo");
                clients.add(echo);
                echo.subscribe(requestTopic, request -> {
                    echoed.increment();
                    echo.publish(replyTopic, request);
                });
            }
            requester = RawClient.connect(transport, broker.host(), broker.port(), idPrefix + "-requester");
            clients.add(requester);
            requester.subscribe(replyTopic, reply -> {
                replies.increment();
                Completion completion = waiting.poll();
                if (completion != null) {
                    completion.done(null);
                }
            });
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Completion completion) {
        waiting.add(completion);
        sent.increment();
        requester.publish(requestTopic, payload);
    }

    @Override
    public String toString() {
        return name + " (requests sent " + sent.sum() + ", echoed " + echoed.sum() + ", replies " + replies.sum() + ")";
    }

    @Override
    public void close() {
        clients.forEach(RawClient::close);
    }
}
