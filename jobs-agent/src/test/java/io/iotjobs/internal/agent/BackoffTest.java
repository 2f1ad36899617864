package io.iotjobs.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theCapDoublesPerFailureUpToTheMaximum() {
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), () -> 0.999999);
        assertThat(highest.delay(1)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(highest.delay(2)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
        assertThat(highest.delay(5)).isBetween(Duration.ofMillis(15_999), Duration.ofSeconds(16));
        assertThat(highest.delay(8)).isBetween(Duration.ofMillis(119_999), Duration.ofMinutes(2));
        assertThat(highest.delay(1000)).isBetween(Duration.ofMillis(119_999), Duration.ofMinutes(2));
    }

    @Test
    void delaysAreDrawnBetweenHalfTheCapAndTheCap() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), random::nextDouble);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration delay = backoff.delay(4);
            assertThat(delay).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
            seen.add(delay);
        }
        assertThat(seen)
                .as("jitter: devices that failed together do not retry together")
                .hasSizeGreaterThan(150);
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), () -> 0).delay(1))
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0))
                .hasMessageStartingWith("retryBackoff: need 0 < min <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
                .hasMessageStartingWith("retryBackoff: need 0 < min <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), () -> 0).delay(0))
                .hasMessageStartingWith("failures:");
    }
}
