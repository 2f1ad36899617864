package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.benchmarks.harness.BenchTransport;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionSubscriptionRequest;
import io.iotjobs.v1.IotJobsClient;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A V1 round trip: {@code publishDescribeJobExecution} at QoS 1, and the accepted callback (on the client's
 * executor) that follows. V1 does not correlate; the callbacks of one subscription run in order, so they are
 * matched to requests first in, first out.
 */
final class V1Scenario implements Scenario {

    private final MqttConnection connection;
    private final IotJobsClient client;
    private final DescribeJobExecutionRequest request;
    private final Queue<Completion> waiting = new ConcurrentLinkedQueue<>();
    private final BenchTransport transport;

    V1Scenario(BenchTransport transport, MqttConnection connection, String thing, String jobId) throws Exception {
        this.transport = transport;
        this.connection = connection;
        this.client = new IotJobsClient(connection);
        this.request = DescribeJobExecutionRequest.builder()
                .thingName(thing)
                .jobId(jobId)
                .includeJobDocument(true)
                .build();
        DescribeJobExecutionSubscriptionRequest subscription = DescribeJobExecutionSubscriptionRequest.builder()
                .thingName(thing)
                .jobId(jobId)
                .build();
        client.subscribeToDescribeJobExecutionAccepted(subscription, Qos.AT_LEAST_ONCE, reply -> finish(null))
                .get(30, TimeUnit.SECONDS);
        client.subscribeToDescribeJobExecutionRejected(
                        subscription,
                        Qos.AT_LEAST_ONCE,
                        error -> finish(new IllegalStateException("rejected: " + error)))
                .get(30, TimeUnit.SECONDS);
    }

    private void finish(Throwable failure) {
        Completion completion = waiting.poll();
        if (completion != null) {
            completion.done(failure);
        }
    }

    @Override
    public String name() {
        return transport.label() + "/v1-describe";
    }

    @Override
    public String description() {
        return "V1 over " + transport.description()
                + ": publishDescribeJobExecution (QoS 1) -> local service -> accepted callback";
    }

    @Override
    public void start(Completion completion) {
        waiting.add(completion);
        client.publishDescribeJobExecution(request, Qos.AT_LEAST_ONCE).whenComplete((v, failure) -> {
            if (failure != null && waiting.remove(completion)) {
                completion.done(failure);
            }
        });
    }

    @Override
    public void close() {
        client.close();
        connection.close();
    }
}
