package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.internal.testkit.ServiceClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestClockTest {

    private final TestClock clock = TestClock.create();
    private final ServiceClock service = clock.serviceClock();
    private final Instant t0 = TestClock.DEFAULT_START;

    @Test
    void advanceRunsDueTasksInTimeOrderOnTheCallingThread() {
        List<String> ran = new ArrayList<>();
        Thread caller = Thread.currentThread();
        service.schedule(t0.plusSeconds(30), () -> ran.add("30@" + clock.now().getEpochSecond()));
        service.schedule(t0.plusSeconds(10), () -> {
            ran.add("10@" + clock.now().getEpochSecond());
            assertThat(Thread.currentThread()).isSameAs(caller);
            // scheduled by a task, due before the target: runs in the same advance
            service.schedule(
                    t0.plusSeconds(20), () -> ran.add("20@" + clock.now().getEpochSecond()));
        });
        service.schedule(t0.plusSeconds(10), () -> ran.add("10b"));
        service.schedule(t0.plusSeconds(100), () -> ran.add("100"));

        clock.advance(Duration.ofSeconds(50));

        long s = t0.getEpochSecond();
        assertThat(ran).containsExactly("10@" + (s + 10), "10b", "20@" + (s + 20), "30@" + (s + 30));
        assertThat(clock.now()).isEqualTo(t0.plusSeconds(50));
        assertThat(clock.instant()).isEqualTo(clock.now());
        assertThat(clock.pendingTasks()).isEqualTo(1);
    }

    @Test
    void cancelledTasksDoNotRun() {
        List<String> ran = new ArrayList<>();
        ServiceClock.Cancellable handle = service.schedule(t0.plusSeconds(1), () -> ran.add("x"));
        handle.cancel();
        handle.cancel();
        clock.advance(Duration.ofMinutes(1));
        assertThat(ran).isEmpty();
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void setMovesBothWays() {
        List<String> ran = new ArrayList<>();
        service.schedule(t0.plusSeconds(10), () -> ran.add("x"));
        clock.set(t0.minusSeconds(100));
        assertThat(ran).isEmpty();
        assertThat(clock.now()).isEqualTo(t0.minusSeconds(100));
        clock.set(t0.plusSeconds(10));
        assertThat(ran).containsExactly("x");
    }

    @Test
    void aTaskAlreadyDueRunsAtTheNextAdvance() {
        List<String> ran = new ArrayList<>();
        service.schedule(t0.minusSeconds(5), () -> ran.add("late"));
        assertThat(ran).isEmpty();
        clock.advance(Duration.ZERO);
        assertThat(ran).containsExactly("late");
        assertThat(clock.now()).isEqualTo(t0);
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        List<String> ran = new ArrayList<>();
        service.schedule(t0.plusSeconds(1), () -> {
            throw new IllegalStateException("boom");
        });
        service.schedule(t0.plusSeconds(2), () -> ran.add("after"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("after");
    }

    @Test
    void clockBasics() {
        assertThat(TestClock.startingAt(Instant.EPOCH).now()).isEqualTo(Instant.EPOCH);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        java.time.Clock paris = clock.withZone(java.time.ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(paris.instant()).isEqualTo(t0.plusSeconds(3));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("duration");
    }
}
