package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.model.JobStatus;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker is restarted while a job runs, and stopped while a job is queued; the agent carries on. The
 * subclasses choose a broker that keeps the sessions or one that loses them.
 */
abstract class BrokerRestartScenario extends AgentITBase {

    /**
     * Whether the broker and the connections keep their sessions across a restart.
     *
     * @return true when the device and the service must come back with their sessions
     */
    abstract boolean keepsSessions();

    @Test
    void theAgentCarriesOnAcrossBrokerRestarts() throws Exception {
        AgentEvents events = new AgentEvents();
        MqttConnection device = connect("device");
        ConnectionWatch deviceWatch = new ConnectionWatch();
        ConnectionWatch serviceWatch = new ConnectionWatch();
        device.addListener(deviceWatch);
        serviceConnection.addListener(serviceWatch);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(agent(device, events)
                .on("operation", "long", context -> {
                    running.countDown();
                    assertThat(release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                            .isTrue();
                    return JobResult.succeeded();
                })
                .on("operation", "quick", context -> JobResult.succeeded()));

        createJob("long-1", Map.of("operation", "long"));
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        events.awaitReported("long-1", JobStatus.IN_PROGRESS, 1);

        broker.restart();
        assertThat(deviceWatch.awaitResumed(1))
                .as("the device's session present after the restart")
                .isEqualTo(keepsSessions());
        assertThat(serviceWatch.awaitResumed(1))
                .as("the service's session present after the restart")
                .isEqualTo(keepsSessions());
        release.countDown();
        JobOutcome longOutcome = driveUntilFinished(events, "long-1");
        assertThat(longOutcome.reportedByAgent()).isTrue();
        assertThat(execution("long-1").status()).contains(JobStatus.SUCCEEDED);

        // a job queued while the broker is down is found when it is back
        broker.stop();
        createJob("quick-2", Map.of("operation", "quick"));
        broker.start();
        deviceWatch.awaitResumed(2);
        JobOutcome quickOutcome = driveUntilFinished(events, "quick-2");
        assertThat(quickOutcome.reportedByAgent()).isTrue();
        assertThat(execution("quick-2").status()).contains(JobStatus.SUCCEEDED);
        assertThat(events.count(e -> e.kind().equals("started"))).isEqualTo(2);
    }
}
