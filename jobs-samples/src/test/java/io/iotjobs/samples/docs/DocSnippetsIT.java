package io.iotjobs.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.Qos;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.v1.IotJobsClient;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.V2ServiceException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/quickstart.md and docs/migration-v1-to-v2.md do what the pages say. */
class DocSnippetsIT {

    @Test
    void quickstartV2FinishesTheJobAndTheEventStreamSeesTheQueueEmpty() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CountDownLatch nothingPending = new CountDownLatch(1);
        PrintStream systemOut = System.out;
        try (QuickstartSnippets.Local local = QuickstartSnippets.connectToLocalBroker();
                IotJobsClientV2 monitor = new IotJobsClientV2(local.connection())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8) {
                @Override
                public void println(String line) {
                    super.println(line);
                    if ("nothing pending".equals(line)) {
                        nothingPending.countDown();
                    }
                }
            });
            try (StreamingOperation events = QuickstartSnippets.events(monitor)) {
                QuickstartSnippets.v2(local.connection());
                assertThat(nothingPending.await(20, TimeUnit.SECONDS))
                        .as("the notify-next stream's last event")
                        .isTrue();
                assertThat(events.isOpen()).isTrue();
            }

            JobExecutionData job = local.service()
                    .control()
                    .describeJobExecution("MyDevice", "firmware-2-4-1")
                    .orElseThrow();
            assertThat(job.status()).contains(JobStatus.SUCCEEDED);
            assertThat(job.statusDetails()).contains(Map.of("result", "installed"));
        } finally {
            System.setOut(systemOut);
        }
    }

    @Test
    void quickstartV1FinishesTheJob() throws Exception {
        try (QuickstartSnippets.Local local = QuickstartSnippets.connectToLocalBroker();
                IotJobsClient observer = new IotJobsClient(local.connection())) {
            CountDownLatch accepted = new CountDownLatch(1);
            observer.subscribeToUpdateJobExecutionAccepted(
                            UpdateJobExecutionSubscriptionRequest.builder()
                                    .thingName("MyDevice")
                                    .build(),
                            Qos.AT_LEAST_ONCE,
                            reply -> accepted.countDown())
                    .join();

            IotJobsClient jobs = QuickstartSnippets.v1(local.connection());
            try {
                assertThat(accepted.await(20, TimeUnit.SECONDS))
                        .as("the update was accepted")
                        .isTrue();
            } finally {
                jobs.close();
            }
            assertThat(local.service()
                            .control()
                            .describeJobExecution("MyDevice", "firmware-2-4-1")
                            .orElseThrow()
                            .status())
                    .contains(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void bothClientsOnOneConnectionSeeEachOthersRepliesAndTokensTellThemApart() throws Exception {
        try (QuickstartSnippets.Local local = QuickstartSnippets.connectToLocalBroker();
                IotJobsClient v1 = new IotJobsClient(local.connection());
                IotJobsClientV2 v2 = new IotJobsClientV2(local.connection())) {
            List<String> everyAcceptedToken = new CopyOnWriteArrayList<>();
            CountDownLatch twoReplies = new CountDownLatch(2);
            v1.subscribeToUpdateJobExecutionAccepted(
                            UpdateJobExecutionSubscriptionRequest.builder()
                                    .thingName("MyDevice")
                                    .build(),
                            Qos.AT_LEAST_ONCE,
                            reply -> {
                                everyAcceptedToken.add(reply.clientToken().orElse("(none)"));
                                twoReplies.countDown();
                            })
                    .join();
            List<UpdateJobExecutionResponse> mine = new CopyOnWriteArrayList<>();
            MigrationSnippets.ownRepliesOnly(v1, mine::add);

            // V2's request: its reply reaches the V1 subscriptions on the same connection too
            UpdateJobExecutionResponse v2Reply =
                    MigrationSnippets.requestReplyV2(v2).get(20, TimeUnit.SECONDS);
            assertThat(v2Reply.clientToken())
                    .hasValueSatisfying(token -> assertThat(token).doesNotStartWith("v1-"));

            // V1 again on a fresh job of the same id: the hand-made correlation completes its future
            local.service().control().deleteJob("firmware-2-4-1", true);
            local.service()
                    .control()
                    .createJob(JobSpec.builder("firmware-2-4-1")
                            .document(JobDocument.of(Map.of("operation", "firmware_update")))
                            .targets("MyDevice")
                            .build());
            UpdateJobExecutionResponse v1Reply =
                    MigrationSnippets.requestReplyV1(v1).get(20, TimeUnit.SECONDS);

            assertThat(twoReplies.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(everyAcceptedToken)
                    .as("a plain V1 subscription sees both clients' replies")
                    .containsExactly(
                            v2Reply.clientToken().orElseThrow(),
                            v1Reply.clientToken().orElseThrow());
            assertThat(mine).as("filtered by the V1 token prefix").containsExactly(v1Reply);

            // and a rejection: V1's hand-made future fails, V2's carries the modeled error
            assertThatThrownBy(() -> MigrationSnippets.requestReplyV1(v1).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("INVALID_STATE_TRANSITION");
            assertThatThrownBy(() -> MigrationSnippets.requestReplyV2(v2).join())
                    .satisfies(e -> assertThat(((V2ServiceException) e.getCause())
                                    .modeledError()
                                    .map(error -> error.code()))
                            .contains(RejectedErrorCode.INVALID_STATE_TRANSITION));
        }
    }
}
