package io.iotjobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.testkit.TestClock;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference sequence of the protocol reference (§8.7) on real brokers, with a raw Paho v5 client as the
 * device, so nothing of the SDK's client side is involved: the local service must publish exactly these
 * notify and notify-next payloads, and nothing else, at each step. A step that must send no event is proven
 * by a GetPending round trip whose reply must be the next message the device receives.
 */
class ReferenceSequenceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private String thing;
    private String base;
    private RawMqttClient device;
    private TestClock clock;
    private LocalJobsService service;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.iotjobs.it.support.Brokers#kinds")
    void theServicePublishesExactlyTheReferenceEvents(BrokerKind kind) throws Exception {
        Brokers.assumeAvailable(kind);
        Broker broker = Brokers.shared(kind);
        thing = "ref-" + UUID.randomUUID().toString().substring(0, 8);
        base = "$aws/things/" + thing + "/jobs/";
        clock = TestClock.create();
        try (MqttConnection serviceConnection = broker.connectionBuilder().build()) {
            serviceConnection.connect().get(30, TimeUnit.SECONDS);
            service = LocalJobsService.builder()
                    .connection(serviceConnection)
                    .clock(clock)
                    .build();
            service.start().get(30, TimeUnit.SECONDS);
            device = RawMqttClient.connect(broker.serverUri(), thing);
            try {
                device.subscribe(base + "notify");
                device.subscribe(base + "notify-next");
                device.subscribe(base + "get/accepted");
                device.subscribe(base + "+/update/accepted");
                runSequence();
            } finally {
                device.close();
                service.close();
            }
        }
    }

    private void runSequence() throws Exception {
        long tA = now();
        // 1. A queued into an empty list: notify {QUEUED:[A]} and notify-next A with its document
        create("A");
        Map<String, JsonNode> step = expect("notify", "notify-next");
        assertThat(step.get("notify"))
                .isEqualTo(json("{'timestamp':" + tA + ",'jobs':{'QUEUED':[" + queued("A", tA) + "]}}"));
        assertThat(step.get("notify-next"))
                .isEqualTo(json("{'timestamp':" + tA + ",'execution':{'jobId':'A',"
                        + "'status':'QUEUED','queuedAt':" + tA + ",'lastUpdatedAt':" + tA + ",'versionNumber':1,"
                        + "'executionNumber':1,'jobDocument':{'name':'A'}}}"));
        assertQuiet();

        // 2. B queued: notify {QUEUED:[A,B]}; the head is still A, so no notify-next
        long tB = advance();
        create("B");
        assertThat(expect("notify").get("notify"))
                .isEqualTo(json("{'timestamp':" + tB + ",'jobs':{'QUEUED':[" + queued("A", tA) + "," + queued("B", tB)
                        + "]}}"));
        assertQuiet();

        // 3. StartNext: A goes IN_PROGRESS (version 2) and no event at all
        long tStart = advance();
        device.subscribe(base + "start-next/accepted");
        device.publish(base + "start-next", "{\"clientToken\":\"sn-1\"}");
        assertThat(expect("start-next/accepted").get("start-next/accepted"))
                .isEqualTo(json("{'clientToken':'sn-1',"
                        + "'timestamp':" + tStart + ",'execution':{'jobId':'A','status':'IN_PROGRESS','queuedAt':" + tA
                        + ",'startedAt':" + tStart + ",'lastUpdatedAt':" + tStart + ",'versionNumber':2,"
                        + "'executionNumber':1,'jobDocument':{'name':'A'}}}"));
        assertQuiet();

        // 4. C queued: notify {IN_PROGRESS:[A], QUEUED:[B,C]}, no notify-next
        long tC = advance();
        create("C");
        assertThat(expect("notify").get("notify"))
                .isEqualTo(json("{'timestamp':" + tC + ",'jobs':{'IN_PROGRESS':[" + inProgress("A", tA, tStart)
                        + "],'QUEUED':[" + queued("B", tB) + "," + queued("C", tC) + "]}}"));
        assertQuiet();

        // 5. A SUCCEEDED: notify {QUEUED:[B,C]} and notify-next B, in either order
        long t5 = advance();
        device.publish(base + "A/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":\"2\"}");
        step = expect("A/update/accepted", "notify", "notify-next");
        assertThat(step.get("A/update/accepted")).isEqualTo(json("{'timestamp':" + t5 + "}"));
        assertThat(step.get("notify"))
                .isEqualTo(json("{'timestamp':" + t5 + ",'jobs':{'QUEUED':[" + queued("B", tB) + "," + queued("C", tC)
                        + "]}}"));
        assertThat(step.get("notify-next"))
                .isEqualTo(json("{'timestamp':" + t5 + ",'execution':{'jobId':'B',"
                        + "'status':'QUEUED','queuedAt':" + tB + ",'lastUpdatedAt':" + tB + ",'versionNumber':1,"
                        + "'executionNumber':1,'jobDocument':{'name':'B'}}}"));
        assertQuiet();

        // 6. C set IN_PROGRESS while B is QUEUED: C jumps ahead, notify-next C only
        long t6 = advance();
        device.publish(base + "C/update", "{\"status\":\"IN_PROGRESS\"}");
        step = expect("C/update/accepted", "notify-next");
        assertThat(step.get("notify-next"))
                .isEqualTo(json("{'timestamp':" + t6 + ",'execution':{'jobId':'C',"
                        + "'status':'IN_PROGRESS','queuedAt':" + tC + ",'startedAt':" + t6 + ",'lastUpdatedAt':" + t6
                        + ",'versionNumber':2,'executionNumber':1,'jobDocument':{'name':'C'}}}"));
        assertQuiet();

        // 7. B REJECTED: notify {IN_PROGRESS:[C]}; the head is still C
        long t7 = advance();
        device.publish(base + "B/update", "{\"status\":\"REJECTED\"}");
        step = expect("B/update/accepted", "notify");
        assertThat(step.get("notify"))
                .isEqualTo(json("{'timestamp':" + t7 + ",'jobs':{'IN_PROGRESS':[" + inProgress("C", tC, t6) + "]}}"));
        assertQuiet();

        // 8. C finished: notify {} and notify-next with a timestamp only
        long t8 = advance();
        device.publish(base + "C/update", "{\"status\":\"SUCCEEDED\"}");
        step = expect("C/update/accepted", "notify", "notify-next");
        assertThat(step.get("notify")).isEqualTo(json("{'timestamp':" + t8 + ",'jobs':{}}"));
        assertThat(step.get("notify-next")).isEqualTo(json("{'timestamp':" + t8 + "}"));
        assertQuiet();
    }

    private void create(String jobId) {
        service.control()
                .createJob(JobSpec.builder(jobId)
                        .document(JobDocument.parse("{\"name\":\"" + jobId + "\"}"))
                        .targets(List.of(thing))
                        .build());
    }

    /** Receives exactly the given messages (by topic suffix), in any order. */
    private Map<String, JsonNode> expect(String... suffixes) throws Exception {
        Map<String, JsonNode> byTopic = new HashMap<>();
        for (RawMqttClient.Received message : device.take(suffixes.length, WAIT)) {
            String suffix = message.topic().substring(base.length());
            assertThat(byTopic.put(suffix, JSON.readTree(message.payload())))
                    .as("a second message on %s", suffix)
                    .isNull();
        }
        assertThat(byTopic.keySet()).containsExactlyInAnyOrder(suffixes);
        return byTopic;
    }

    /** Proves that no event is pending: the next message must be the reply to a GetPending sent now. */
    private void assertQuiet() throws Exception {
        String token = UUID.randomUUID().toString();
        device.publish(base + "get", "{\"clientToken\":\"" + token + "\"}");
        RawMqttClient.Received next = device.poll(WAIT);
        assertThat(next).as("the GetPending reply").isNotNull();
        assertThat(next.topic())
                .as("no event may come before the GetPending reply")
                .isEqualTo(base + "get/accepted");
        assertThat(JSON.readTree(next.payload()).path("clientToken").asText()).isEqualTo(token);
    }

    private long now() {
        return clock.now().getEpochSecond();
    }

    private long advance() {
        clock.advance(Duration.ofSeconds(10));
        return now();
    }

    private static String queued(String jobId, long at) {
        return "{'jobId':'" + jobId + "','queuedAt':" + at + ",'lastUpdatedAt':" + at
                + ",'versionNumber':1,'executionNumber':1}";
    }

    private static String inProgress(String jobId, long queuedAt, long startedAt) {
        return "{'jobId':'" + jobId + "','queuedAt':" + queuedAt + ",'startedAt':" + startedAt + ",'lastUpdatedAt':"
                + startedAt + ",'versionNumber':2,'executionNumber':1}";
    }

    private static JsonNode json(String singleQuoted) throws Exception {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
