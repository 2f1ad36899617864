package io.iotjobs.internal.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.internal.testkit.ServiceObserver.Direction;
import io.iotjobs.internal.testkit.ServiceObserver.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console's hub and subscriber queues: what they keep, whatever the pages do. */
class ConsoleHubTest {

    private static final byte[] PAYLOAD = "{\"clientToken\":\"t\"}".getBytes(StandardCharsets.UTF_8);

    private static void traffic(ConsoleHub hub, int count) {
        for (int i = 0; i < count; i++) {
            hub.traffic(Instant.EPOCH, Direction.IN, "$aws/things/dev-1/jobs/get", PAYLOAD, null);
        }
    }

    @Test
    void aPageThatNeverReadsMakesTheHubKeepNoMoreThanItsBound() throws Exception {
        ConsoleHub hub = new ConsoleHub(10, 20, 4);
        ConsoleSubscriber stalled = hub.subscribe(0).subscriber();

        traffic(hub, 100_000);

        assertThat(hub.retained()).isEqualTo(10 + 20);
        ConsoleSubscriber.Batch batch = stalled.take(1);
        assertThat(batch.records()).hasSize(20);
        assertThat(batch.records().get(0).id).isEqualTo(100_000 - 19);
        assertThat(batch.missed()).isEqualTo(100_000 - 20);
        assertThat(hub.retained()).as("the batch is held while it is written").isEqualTo(10 + 20);
        assertThat(stalled.take(1).isEmpty()).as("nothing left after the take").isTrue();
        assertThat(hub.retained()).isEqualTo(10);
    }

    @Test
    void aBurstOfChangesIsOneHintPerKind() throws Exception {
        ConsoleHub hub = new ConsoleHub(10, 20, 4);
        ConsoleSubscriber page = hub.subscribe(0).subscriber();

        for (int i = 0; i < 10_000; i++) {
            hub.changed(Scope.THING, "dev-" + i);
            hub.changed(Scope.JOB, "j-" + i);
        }

        ConsoleSubscriber.Batch batch = page.take(1);
        assertThat(batch.changed()).isEqualTo(Set.of(Scope.THING, Scope.JOB));
        assertThat(batch.records()).isEmpty();
        assertThat(hub.retained()).isZero();
    }

    @Test
    void aPageOpenedLaterGetsTheRecentRecordsAfterTheOnesItHas() {
        ConsoleHub hub = new ConsoleHub(10, 20, 4);
        traffic(hub, 25);

        assertThat(hub.subscribe(0).replay())
                .extracting(r -> r.id)
                .containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
        assertThat(hub.subscribe(22).replay()).extracting(r -> r.id).containsExactly(23L, 24L, 25L);
    }

    @Test
    void pagesBeyondTheMostAreRefusedAndAClosedPageFreesItsPlace() {
        ConsoleHub hub = new ConsoleHub(10, 20, 2);
        ConsoleSubscriber first = hub.subscribe(0).subscriber();
        hub.subscribe(0);

        assertThatThrownBy(() -> hub.subscribe(0))
                .isInstanceOf(ApiError.class)
                .hasMessageContaining("2 pages are open already")
                .satisfies(e -> assertThat(((ApiError) e).type()).isEqualTo(ApiError.Type.SERVICE_UNAVAILABLE));
        hub.remove(first);
        assertThat(hub.subscribers()).isEqualTo(1);
        hub.subscribe(0);
    }

    @Test
    void closingTheHubEndsEverySubscriptionAndKeepsNothing() throws Exception {
        ConsoleHub hub = new ConsoleHub(10, 20, 2);
        ConsoleSubscriber page = hub.subscribe(0).subscriber();
        traffic(hub, 5);

        hub.close();
        traffic(hub, 5);

        assertThat(page.take(10_000).closed()).isTrue();
        assertThat(hub.retained()).isZero();
        assertThatThrownBy(() -> hub.subscribe(0)).isInstanceOf(ApiError.class).hasMessage("the console is closed");
    }
}
