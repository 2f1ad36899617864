package io.iotjobs.internal.engine;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.internal.protocol.TopicRef;
import io.iotjobs.internal.protocol.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted service side for engine tests: it records every request published under
 * {@code $aws/things/+/jobs/} and lets the test answer each one as it likes (in any order, with or without
 * token, accepted or rejected, malformed).
 */
final class FakeService implements AutoCloseable {

    /** One request as received. */
    static final class Received {
        final String topic;
        final TopicRef ref;
        final byte[] payload;

        Received(String topic, byte[] payload) {
            this.topic = topic;
            this.ref = Topics.parse(topic).orElseThrow();
            this.payload = payload;
        }

        String token() {
            return JobsJson.peekClientToken(payload);
        }

        String replyTopic(ReplyKind kind) {
            Operation<?, ?> op = ref.operation();
            return op.replyTopic(ref.thingName(), ref.jobId(), kind);
        }
    }

    private final InMemoryBroker.Client client;
    private final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();

    FakeService(InMemoryBroker broker) {
        client = broker.connect("fake-service");
        client.subscribe(Topics.ALL_JOBS_FILTER, SubscribeOptions.of(Qos.AT_LEAST_ONCE, true), new MessageListener() {
                    @Override
                    public void onMessage(String topic, byte[] payload, int qos) {
                        Received received = new Received(topic, payload);
                        if (received.ref.kind() == TopicRef.Kind.REQUEST) {
                            requests.add(received);
                        }
                    }
                })
                .join();
    }

    Received next() throws InterruptedException {
        Received r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request arrived within 10 s");
        }
        return r;
    }

    Received nextWithin(Duration wait) throws InterruptedException {
        return requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Received> take(int count) throws InterruptedException {
        List<Received> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(next());
        }
        return all;
    }

    void reply(String topic, Object value) {
        client.publish(topic, JobsJson.encode(value), Qos.AT_LEAST_ONCE).join();
    }

    void replyRaw(String topic, String json) {
        client.publish(topic, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                .join();
    }

    void publishEvent(String topic, String json) {
        replyRaw(topic, json);
    }

    @Override
    public void close() {
        client.close();
    }
}
