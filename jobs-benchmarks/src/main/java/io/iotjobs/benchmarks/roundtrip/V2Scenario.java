package io.iotjobs.benchmarks.roundtrip;

import io.iotjobs.benchmarks.harness.BenchTransport;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.v2.IotJobsClientV2;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A V2 request against the local Jobs service, as an application sees it: from the call to the moment its
 * future completes (on the client's executor). Each request gets a fresh client token from the client.
 */
final class V2Scenario implements Scenario {

    private final String name;
    private final String description;
    private final MqttConnection connection;
    private final IotJobsClientV2 client;
    private final Function<IotJobsClientV2, CompletableFuture<?>> call;

    private V2Scenario(
            String name,
            String description,
            MqttConnection connection,
            Function<IotJobsClientV2, CompletableFuture<?>> call) {
        this.name = name;
        this.description = description;
        this.connection = connection;
        this.client = IotJobsClientV2.builder(connection).build();
        this.call = call;
    }

    /**
     * DescribeJobExecution of one job, with its document (as in the protocol reference's sample).
     *
     * @param transport the connection's transport, which names the scenario
     * @param connection the device's own connection (closed with the scenario)
     * @param thing the thing
     * @param jobId a job with an execution on the thing
     * @return the scenario
     */
    static V2Scenario describe(BenchTransport transport, MqttConnection connection, String thing, String jobId) {
        DescribeJobExecutionRequest request = DescribeJobExecutionRequest.builder()
                .thingName(thing)
                .jobId(jobId)
                .includeJobDocument(true)
                .build();
        return new V2Scenario(
                transport.label() + "/v2-describe",
                "V2 over " + transport.description()
                        + ": describeJobExecution -> local service -> accepted reply with the execution and its document",
                connection,
                c -> c.describeJobExecution(request));
    }

    /**
     * UpdateJobExecution of one IN_PROGRESS execution, status details replaced (no expected version).
     *
     * @param transport the connection's transport, which names the scenario
     * @param connection the device's own connection (closed with the scenario)
     * @param thing the thing
     * @param jobId a job with an execution on the thing
     * @return the scenario
     */
    static V2Scenario update(BenchTransport transport, MqttConnection connection, String thing, String jobId) {
        UpdateJobExecutionRequest request = UpdateJobExecutionRequest.builder()
                .thingName(thing)
                .jobId(jobId)
                .status(JobStatus.IN_PROGRESS)
                .statusDetails(Map.of("progress", "50%"))
                .build();
        return new V2Scenario(
                transport.label() + "/v2-update",
                "V2 over " + transport.description()
                        + ": updateJobExecution (IN_PROGRESS, statusDetails) -> local service -> accepted reply",
                connection,
                c -> c.updateJobExecution(request));
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
        call.apply(client).whenComplete((reply, failure) -> completion.done(failure));
    }

    @Override
    public void close() {
        client.close();
        connection.close();
    }
}
