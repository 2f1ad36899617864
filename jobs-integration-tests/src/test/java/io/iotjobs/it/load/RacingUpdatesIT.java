package io.iotjobs.it.load;

import static io.iotjobs.it.load.LoadBed.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.V2ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several clients (each a V2 client on its own connection) update one execution at the same moment with the
 * same {@code expectedVersion}, released together by a latch; 20 rounds, each at the version the previous
 * round left, then a last round in which all of them report SUCCEEDED.
 *
 * <p>What it proves: in every round exactly one update is accepted and every other one is rejected with
 * VersionMismatch carrying the execution state the winner left (its version and its status details), so a
 * loser learns who won and at which version; each client's future gets its own outcome (the clients all
 * receive every reply on the shared reply topics and pick theirs by client token). The version grows by
 * exactly one per round. In the SUCCEEDED round one update wins and the others are rejected with
 * InvalidStateTransition showing SUCCEEDED (the local service checks the terminal state before the
 * version), and the execution ends SUCCEEDED once.
 */
class RacingUpdatesIT {

    private static final Logger LOG = LoggerFactory.getLogger(RacingUpdatesIT.class);
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 20;

    /** One client's outcome in a round. */
    private static final class Outcome {
        final int writer;
        final UpdateJobExecutionResponse accepted;
        final RejectedError rejected;

        Outcome(int writer, UpdateJobExecutionResponse accepted, RejectedError rejected) {
            this.writer = writer;
            this.accepted = accepted;
            this.rejected = rejected;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void exactlyOneOfTheRacingUpdatesWinsAndTheOthersSeeTheWinnersVersion(BrokerKind kind) throws Exception {
        try (LoadBed bed = LoadBed.start(kind)) {
            String thing = bed.name("race-thing");
            String jobId = bed.name("race-job");
            bed.control()
                    .createJob(JobSpec.builder(jobId)
                            .document(JobDocument.of(Map.of("operation", "race")))
                            .targets(thing)
                            .build());
            List<IotJobsClientV2> clients = new ArrayList<>();
            for (MqttConnection connection : bed.connectAll("racer", CLIENTS)) {
                clients.add(bed.closeLater(new IotJobsClientV2(connection)));
            }
            StartNextJobExecutionResponse started = await(
                    clients.get(0)
                            .startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                                    .thingName(thing)
                                    .build()),
                    "StartNext");
            long version = started.execution().orElseThrow().versionNumber().orElseThrow();
            assertThat(version).isEqualTo(2);

            ExecutorService racers = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    List<Outcome> outcomes = race(racers, clients, thing, jobId, version, JobStatus.IN_PROGRESS, round);
                    List<Outcome> winners =
                            outcomes.stream().filter(o -> o.accepted != null).toList();
                    assertThat(winners)
                            .as("accepted updates in round %d", round)
                            .hasSize(1);
                    Outcome winner = winners.get(0);
                    JobExecutionState won = winner.accepted.executionState().orElseThrow();
                    assertThat(won.versionNumber()).hasValue(version + 1);
                    Map<String, String> winnerDetails = details(round, winner.writer);
                    assertThat(won.statusDetails()).contains(winnerDetails);
                    for (Outcome loser : outcomes) {
                        if (loser == winner) {
                            continue;
                        }
                        assertThat(loser.rejected.code())
                                .as("round %d, writer %d", round, loser.writer)
                                .isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
                        JobExecutionState seen = loser.rejected.executionState().orElseThrow();
                        assertThat(seen.versionNumber())
                                .as("version a loser sees")
                                .hasValue(version + 1);
                        assertThat(seen.statusDetails())
                                .as("details a loser sees")
                                .contains(winnerDetails);
                        assertThat(seen.status()).contains(JobStatus.IN_PROGRESS);
                    }
                    version++;
                }

                List<Outcome> last = race(racers, clients, thing, jobId, version, JobStatus.SUCCEEDED, ROUNDS);
                assertThat(last.stream().filter(o -> o.accepted != null))
                        .as("accepted SUCCEEDED updates")
                        .hasSize(1);
                for (Outcome loser : last) {
                    if (loser.accepted == null) {
                        assertThat(loser.rejected.code()).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);
                        assertThat(loser.rejected.executionState().flatMap(JobExecutionState::status))
                                .contains(JobStatus.SUCCEEDED);
                    }
                }
            } finally {
                racers.shutdownNow();
            }
            long elapsed = System.nanoTime() - start;

            JobExecutionData end =
                    bed.control().describeJobExecution(thing, jobId).orElseThrow();
            assertThat(end.status()).contains(JobStatus.SUCCEEDED);
            assertThat(end.versionNumber()).hasValue(2 + ROUNDS + 1);
            LOG.info(
                    "{} rounds of {} racing updates plus a SUCCEEDED race: one winner each, in {} ms",
                    ROUNDS,
                    CLIENTS,
                    TimeUnit.NANOSECONDS.toMillis(elapsed));
        }
    }

    /** Every client sends the same update at once; returns each client's outcome. */
    private static List<Outcome> race(
            ExecutorService racers,
            List<IotJobsClientV2> clients,
            String thing,
            String jobId,
            long expectedVersion,
            JobStatus status,
            int round)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(clients.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CompletableFuture<UpdateJobExecutionResponse>>> sent = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            IotJobsClientV2 client = clients.get(c);
            UpdateJobExecutionRequest request = UpdateJobExecutionRequest.builder()
                    .thingName(thing)
                    .jobId(jobId)
                    .status(status)
                    .expectedVersion(expectedVersion)
                    .statusDetails(details(round, c))
                    .includeJobExecutionState(true)
                    .build();
            sent.add(racers.submit(() -> {
                ready.countDown();
                go.await();
                return client.updateJobExecution(request);
            }));
        }
        assertThat(ready.await(LoadBed.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .as("racers ready")
                .isTrue();
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            int writer = c;
            CompletableFuture<UpdateJobExecutionResponse> reply =
                    sent.get(writer).get(LoadBed.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                outcomes.add(new Outcome(writer, reply.get(LoadBed.WAIT.toMillis(), TimeUnit.MILLISECONDS), null));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("failure of writer %d", writer).isInstanceOf(V2ServiceException.class);
                RejectedError rejection = ((V2ServiceException) e.getCause())
                        .modeledError()
                        .orElseThrow(() ->
                                new AssertionError("writer " + writer + " failed without a rejection", e.getCause()));
                outcomes.add(new Outcome(writer, null, rejection));
            }
        }
        return outcomes;
    }

    private static Map<String, String> details(int round, int writer) {
        return Map.of("round", Integer.toString(round), "writer", Integer.toString(writer));
    }
}
