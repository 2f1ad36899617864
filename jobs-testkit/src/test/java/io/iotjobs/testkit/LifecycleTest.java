package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Starting and closing the service. */
class LifecycleTest extends ServiceTestBase {

    @Test
    void aClosedServiceNoLongerAnswers() {
        RawDevice dev = device("dev-1");
        service.close();
        LocalJobsService second = newService(b -> b);
        second.control().createJob("a", doc("a"), List.of("dev-1"), Optional.empty());
        dev.expectAnyOrder("notify", "notify-next");
        // exactly one reply per request: only the second service answers
        dev.publish("a/get", "{'clientToken':'one'}");
        assertThat(dev.expect("a/get/accepted").path("clientToken").asText()).isEqualTo("one");
        dev.assertQuiet();
    }

    @Test
    void startCanBeCalledBeforeTheConnectionIsUpAndIsIdempotent() {
        InMemoryBroker.Client client = broker.connect("late-service");
        client.dropConnection(null);
        LocalJobsService late =
                LocalJobsService.builder().transport(client).clock(clock).build();
        try {
            var started = late.start();
            assertThat(late.start()).isSameAs(started);
            assertThat(started).isNotDone();
            client.restoreConnection(false);
            started.join();
            RawDevice dev = device("dev-9");
            late.control().createJob("a", doc("a"), List.of("dev-9"), Optional.empty());
            // both services (the base one too) answer; the late one is reachable
            dev.expectAnyOrder("notify", "notify-next");
        } finally {
            late.close();
        }
    }

    @Test
    void aRefusedSubscriptionFailsStartAndStartCanBeRetried() {
        broker.refuseSubscriptions("$aws/things/+/jobs/#", 0x87);
        InMemoryBroker.Client client = broker.connect("refused-service");
        LocalJobsService refused =
                LocalJobsService.builder().transport(client).clock(clock).build();
        try {
            assertThatThrownBy(() -> refused.start().join()).hasCauseInstanceOf(JobsTransportException.class);
            broker.allowAllSubscriptions();
            refused.start().join();
        } finally {
            refused.close();
        }
    }

    @Test
    void theSystemClockIsTheDefault() {
        InMemoryBroker.Client client = broker.connect("system-clock-service");
        try (LocalJobsService system =
                LocalJobsService.builder().transport(client).build()) {
            system.start().join();
            assertThat(system.clock()).isEqualTo(Clock.systemUTC());
            RawDevice dev = device("dev-s");
            service.close();
            system.control().createJob("a", doc("a"), List.of("dev-s"), Optional.empty());
            dev.expectAnyOrder("notify", "notify-next");
            long before = System.currentTimeMillis() / 1000;
            dev.publish("start-next", "{'stepTimeoutInMinutes':1}");
            long startedAt = dev.expect("start-next/accepted")
                    .path("execution")
                    .path("startedAt")
                    .asLong();
            assertThat(startedAt).isBetween(before - 1, System.currentTimeMillis() / 1000 + 1);
            dev.publish("a/get", "{}");
            assertThat(dev.expect("a/get/accepted")
                            .path("execution")
                            .path("approximateSecondsBeforeTimedOut")
                            .asLong())
                    .isBetween(55L, 60L);
        }
    }
}
