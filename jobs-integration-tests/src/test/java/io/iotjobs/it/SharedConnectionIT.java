package io.iotjobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import io.iotjobs.testkit.clients.TestBed.Recorder;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A V1 client and a V2 client on one {@link MqttConnection} at the same time, as during a migration from
 * one to the other: both work, neither breaks the other's subscriptions, and closing one leaves the other
 * working.
 *
 * <p>Expected behaviour worth knowing: a V1 accepted (or rejected) subscription receives every reply
 * published on its topic, including the replies to the V2 client's requests on the same connection (the V2
 * client subscribes to the same reply topics). V1 leaves correlation to the caller, by client token; the V2
 * client itself ignores replies whose token is not one of its own, so V1's replies never complete V2
 * futures.
 */
class SharedConnectionIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Qos Q1 = Qos.AT_LEAST_ONCE;
    private static final JobDocument DOCUMENT = JobDocument.parse("{\"operation\":\"install\",\"version\":\"7\"}");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static MqttConnection serviceConnection;
    private static LocalJobsService service;

    private final List<Recorder<?>> v1Recorders = new ArrayList<>();
    private final List<Recorder<?>> v2Recorders = new ArrayList<>();
    private MqttConnection shared;
    private IotJobsClient v1;
    private IotJobsClientV2 v2;
    private String thing;

    @BeforeAll
    static void startService() {
        serviceConnection = connect("shared-it-service");
        service = LocalJobsService.builder().connection(serviceConnection).build();
        await(service.start());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
        if (serviceConnection != null) {
            serviceConnection.close();
        }
    }

    @BeforeEach
    void twoClientsOnOneConnection() {
        shared = connect("shared-it-device");
        v1 = new IotJobsClient(shared);
        v2 = new IotJobsClientV2(shared);
        thing = "shared-" + RUN + "-" + NAMES.incrementAndGet();
    }

    @AfterEach
    void closeClients() {
        v1.close();
        v2.close();
        shared.close();
        v1Recorders.forEach(r -> r.assertRanOnClientThreads("iotjobs-callback-"));
        v2Recorders.forEach(r -> r.assertRanOnClientThreads("iotjobs-callback-"));
    }

    @Test
    void bothClientsWorkAndV1ReplySubscriptionsAlsoSeeTheV2ClientsReplies() {
        String first = createJob("first");
        String second = createJob("second");
        Recorder<StartNextJobExecutionResponse> v1Started = v1Recorder();
        Recorder<UpdateJobExecutionResponse> v1Updated = v1Recorder();
        await(v1.subscribeToStartNextPendingJobExecutionAccepted(
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                v1Started));
        await(v1.subscribeToUpdateJobExecutionAccepted(
                UpdateJobExecutionSubscriptionRequest.builder().thingName(thing).build(), Q1, v1Updated));

        // V2 starts the first job; the V1 subscription sees that reply too, with the V2 client's token
        StartNextJobExecutionResponse v2Started = await(v2.startNextPendingJobExecution(startNext()));
        assertThat(v2Started.execution()).map(JobExecutionData::jobId).contains(first);
        StartNextJobExecutionResponse seenByV1 = v1Started.next();
        assertThat(seenByV1.clientToken()).isPresent().isEqualTo(v2Started.clientToken());
        assertThat(seenByV1.execution()).map(JobExecutionData::jobId).contains(first);

        // V1 finishes it; its own reply arrives with its own token
        await(v1.publishUpdateJobExecution(
                update(first, JobStatus.SUCCEEDED).clientToken("v1-update").build(), Q1));
        assertThat(v1Updated.next().clientToken()).contains("v1-update");

        // V1 asks for the next job while the V2 client's start-next reply filter is subscribed: the V2 client
        // ignores that reply, and its own next request gets its own reply
        await(v1.publishStartNextPendingJobExecution(
                StartNextPendingJobExecutionRequest.builder()
                        .thingName(thing)
                        .clientToken("v1-start")
                        .build(),
                Q1));
        StartNextJobExecutionResponse v1Reply = v1Started.next();
        assertThat(v1Reply.clientToken()).contains("v1-start");
        assertThat(v1Reply.execution()).map(JobExecutionData::jobId).contains(second);
        StartNextJobExecutionResponse v2Again = await(v2.startNextPendingJobExecution(startNext()));
        assertThat(v2Again.clientToken()).isPresent().isNotEqualTo(v1Reply.clientToken());
        assertThat(v2Again.execution()).map(JobExecutionData::jobId).contains(second);
        assertThat(v1Started.next().clientToken()).isEqualTo(v2Again.clientToken());

        // V2 finishes the second job; the V1 every-job update subscription sees that reply as well
        UpdateJobExecutionResponse v2Updated = await(v2.updateJobExecution(update(second, JobStatus.FAILED)
                .clientToken("v2-update")
                .includeJobExecutionState(true)
                .build()));
        assertThat(v2Updated.clientToken()).contains("v2-update");
        assertThat(v2Updated.executionState().orElseThrow().status()).contains(JobStatus.FAILED);
        assertThat(v1Updated.next().clientToken()).contains("v2-update");

        assertThat(service.control()
                        .describeJobExecution(thing, first)
                        .orElseThrow()
                        .status())
                .contains(JobStatus.SUCCEEDED);
        assertThat(service.control()
                        .describeJobExecution(thing, second)
                        .orElseThrow()
                        .status())
                .contains(JobStatus.FAILED);
    }

    @Test
    void closingTheV1ClientLeavesTheV2ClientWorking() {
        Recorder<JobExecutionsChangedEvent> v1Events = v1Recorder();
        Recorder<JobExecutionsChangedEvent> v2Events = v2Recorder();
        Recorder<GetPendingJobExecutionsResponse> v1Pending = v1Recorder();
        // both clients on the same topic filter (one MQTT subscription shared by the connection)
        JobsSubscription v1Subscription = await(v1.subscribeToJobExecutionsChangedEvents(notifySub(), Q1, v1Events));
        StreamingOperation v2Stream =
                v2.createJobExecutionsChangedStream(notifySub(), ServiceStreamOptions.of(v2Events));
        await(v2Stream.open());
        assertThat(v1Subscription.topic()).isEqualTo("$aws/things/" + thing + "/jobs/notify");
        await(v1.subscribeToGetPendingJobExecutionsAccepted(
                GetPendingJobExecutionsSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                v1Pending));
        assertThat(await(v2.getPendingJobExecutions(getPending())).queuedJobs()).isEmpty();
        assertThat(v1Pending.next().queuedJobs())
                .as("V1 saw the V2 reply on its get/accepted subscription")
                .isEmpty();

        v1.close();

        String jobId = createJob("after-v1-closed");
        assertThat(v2Events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(jobId);
        assertThat(await(v2.getPendingJobExecutions(getPending())).queuedJobs())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(jobId);
        assertThat(await(v2.startNextPendingJobExecution(startNext())).execution())
                .map(JobExecutionData::jobId)
                .contains(jobId);
        assertThat(v2Stream.isOpen()).isTrue();
        assertThat(v1Events.drain()).as("a closed client's callbacks never run").isEmpty();
        assertThat(v1Pending.drain()).isEmpty();
    }

    @Test
    void closingTheV2ClientLeavesTheV1ClientWorking() {
        Recorder<JobExecutionsChangedEvent> v1Events = v1Recorder();
        Recorder<JobExecutionsChangedEvent> v2Events = v2Recorder();
        Recorder<GetPendingJobExecutionsResponse> v1Pending = v1Recorder();
        await(v1.subscribeToJobExecutionsChangedEvents(notifySub(), Q1, v1Events));
        StreamingOperation v2Stream =
                v2.createJobExecutionsChangedStream(notifySub(), ServiceStreamOptions.of(v2Events));
        await(v2Stream.open());
        await(v1.subscribeToGetPendingJobExecutionsAccepted(
                GetPendingJobExecutionsSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                v1Pending));
        // the V2 client holds its own reply filter for this thing's GetPending replies until it is closed
        await(v2.getPendingJobExecutions(getPending()));
        v1Pending.next();

        v2.close();

        assertThat(v2Stream.isOpen()).isFalse();
        String jobId = createJob("after-v2-closed");
        assertThat(v1Events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(jobId);
        await(v1.publishGetPendingJobExecutions(
                GetPendingJobExecutionsRequest.builder()
                        .thingName(thing)
                        .clientToken("v1-after")
                        .build(),
                Q1));
        GetPendingJobExecutionsResponse reply = v1Pending.next();
        assertThat(reply.clientToken()).contains("v1-after");
        assertThat(reply.queuedJobs()).extracting(JobExecutionSummary::jobId).containsExactly(jobId);
        assertThat(v2Events.drain()).as("a closed client's listeners never run").isEmpty();
    }

    // ------------------------------------------------------------------------------------- helpers

    private String createJob(String hint) {
        String jobId = hint + "-" + RUN + "-" + NAMES.incrementAndGet();
        service.control()
                .createJob(
                        JobSpec.builder(jobId).document(DOCUMENT).targets(thing).build());
        return jobId;
    }

    private JobExecutionsChangedSubscriptionRequest notifySub() {
        return JobExecutionsChangedSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private GetPendingJobExecutionsRequest getPending() {
        return GetPendingJobExecutionsRequest.builder().thingName(thing).build();
    }

    private StartNextPendingJobExecutionRequest startNext() {
        return StartNextPendingJobExecutionRequest.builder().thingName(thing).build();
    }

    private UpdateJobExecutionRequest.Builder update(String jobId, JobStatus status) {
        return UpdateJobExecutionRequest.builder().thingName(thing).jobId(jobId).status(status);
    }

    private <T> Recorder<T> v1Recorder() {
        Recorder<T> recorder = new Recorder<>();
        v1Recorders.add(recorder);
        return recorder;
    }

    private <T> Recorder<T> v2Recorder() {
        Recorder<T> recorder = new Recorder<>();
        v2Recorders.add(recorder);
        return recorder;
    }

    /** A connected connection to the broker the tests use, with a unique client id. */
    private static MqttConnection connect(String role) {
        String external = System.getProperty("iotjobs.it.broker", "");
        java.net.URI broker =
                java.net.URI.create(external.isBlank() ? EmbeddedBroker.shared().serverUri() : external.trim());
        MqttConnection connection = MqttConnectionBuilder.plain(broker.getHost(), broker.getPort())
                .clientId(role + "-" + RUN + "-" + NAMES.incrementAndGet())
                .build();
        await(connection.connect());
        return connection;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete within " + WAIT + ": " + e, e);
        }
    }
}
