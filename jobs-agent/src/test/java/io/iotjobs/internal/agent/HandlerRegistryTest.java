package io.iotjobs.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.agent.JobHandler;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobDocument;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {

    private final JobHandler reboot = context -> JobResult.succeeded();
    private final JobHandler install = context -> JobResult.succeeded();
    private final JobHandler big = context -> JobResult.succeeded();

    @Test
    void theFirstMatchingRegistrationWinsAndTheDefaultTakesTheRest() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.byField("operation", "reboot", reboot, null);
        registry.byPredicate(
                document -> document.get("size")
                        .map(size -> ((Number) size).longValue() > 100)
                        .orElse(false),
                big,
                Duration.ofHours(3));
        registry.byField("operation", "install", install, null);

        assertThat(registry.match(JobDocument.parse("{\"operation\":\"reboot\",\"size\":500}"))
                        .handler())
                .isSameAs(reboot);
        HandlerRegistry.Registration bigInstall =
                registry.match(JobDocument.parse("{\"operation\":\"install\",\"size\":500}"));
        assertThat(bigInstall.handler()).isSameAs(big);
        assertThat(bigInstall.timeLimit()).isEqualTo(Duration.ofHours(3));
        assertThat(registry.match(JobDocument.parse("{\"operation\":\"install\"}"))
                        .handler())
                .isSameAs(install);
        assertThat(registry.match(JobDocument.parse("{\"operation\":7}")).description())
                .isEqualTo("default");
    }

    @Test
    void aMatcherThatThrowsIsSkipped() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.byPredicate(
                document -> {
                    throw new IllegalStateException("bad matcher");
                },
                big,
                null);
        registry.byField("operation", "install", install, null);
        assertThat(registry.match(JobDocument.parse("{\"operation\":\"install\"}"))
                        .handler())
                .isSameAs(install);
    }

    @Test
    void theBuiltInDefaultNamesTheValuesOfTheRegisteredFields() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.byField("operation", "reboot", reboot, null);
        registry.byField("type", "camera", reboot, null);
        assertThat(registry.noHandlerReason(JobDocument.parse("{\"operation\":\"format\",\"type\":3}")))
                .isEqualTo("no handler for this job (operation=\"format\", type=3)");
        assertThat(registry.noHandlerReason(JobDocument.parse("{}")))
                .isEqualTo("no handler for this job (operation=absent, type=absent)");
        assertThat(new HandlerRegistry().noHandlerReason(JobDocument.parse("{}")))
                .isEqualTo("no handler for this job");
    }
}
