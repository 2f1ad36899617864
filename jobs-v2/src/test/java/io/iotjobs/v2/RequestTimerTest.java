package io.iotjobs.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.JobsTimer;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request's deadline is measured on the client's timer: a test decides when it passes, without sleeping. */
class RequestTimerTest {

    /** A timer whose tasks run when the test says. */
    private static final class ManualTimer implements JobsTimer {
        final List<Duration> delays = new CopyOnWriteArrayList<>();
        final List<Runnable> tasks = new CopyOnWriteArrayList<>();
        final List<Boolean> cancelled = new CopyOnWriteArrayList<>();

        @Override
        public Instant now() {
            return Instant.EPOCH;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            int index = tasks.size();
            delays.add(delay);
            tasks.add(task);
            cancelled.add(false);
            return () -> cancelled.set(index, true);
        }
    }

    @Test
    void theRequestTimesOutWhenItsTimerSaysSoAndNotBefore() throws Exception {
        ManualTimer timer = new ManualTimer();
        // never connected: the request waits in the queue, so only its deadline can end it
        try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", 1)
                        .clientId("timer-v2")
                        .autoReconnect(false)
                        .build();
                IotJobsClientV2 client =
                        IotJobsClientV2.builder(connection).timer(timer).build()) {
            CompletableFuture<GetPendingJobExecutionsResponse> pending = client.getPendingJobExecutions(
                    GetPendingJobExecutionsRequest.builder().thingName("dev-1").build(), Duration.ofHours(2));
            assertThat(timer.delays).containsExactly(Duration.ofHours(2));
            assertThat(pending).isNotDone();

            timer.tasks.get(0).run();
            assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(V2ServiceException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            JobsTimeoutException.class,
                            e -> assertThat(e.getMessage()).contains("GetPendingJobExecutions"));
        }
    }

    @Test
    void aRequestThatEndsOtherwiseCancelsItsDeadline() throws Exception {
        ManualTimer timer = new ManualTimer();
        try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", 1)
                .clientId("timer-v2b")
                .autoReconnect(false)
                .build()) {
            IotJobsClientV2 client =
                    IotJobsClientV2.builder(connection).timer(timer).build();
            CompletableFuture<GetPendingJobExecutionsResponse> pending = client.getPendingJobExecutions(
                    GetPendingJobExecutionsRequest.builder().thingName("dev-1").build());
            client.close();
            assertThat(pending).isCompletedExceptionally();
            assertThat(timer.cancelled).containsExactly(true);
        }
    }
}
