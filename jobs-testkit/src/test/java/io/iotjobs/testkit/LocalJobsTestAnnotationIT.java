package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobDocument;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The annotation form: parameters in lifecycle and test methods, a fresh service per test. */
@LocalJobsTest
class LocalJobsTestAnnotationIT {

    private String thing;

    @BeforeEach
    void createAJob(JobsControl control, LocalJobsExtension jobs) {
        thing = jobs.uniqueThingName("annotated");
        control.createJob(JobSpec.builder("setup-job")
                .targets(thing)
                .document(JobDocument.parse("{\"step\":\"setup\"}"))
                .build());
    }

    @Test
    void theJobFromBeforeEachIsThere(JobsControl control, TestClock clock) {
        assertThat(control.listJobs()).containsExactly("setup-job");
        assertThat(control.describeJob("setup-job").orElseThrow().createdAt()).isEqualTo(clock.now());
    }

    @Test
    void andOnlyThatOneEvenAfterAnotherTestAddedMore(
            JobsControl control, LocalJobsService service, FaultInjection faults, TestClock clock) {
        control.createJob(JobSpec.builder("extra").targets(thing).build());
        clock.advance(Duration.ofHours(1));

        assertThat(control.listJobs()).containsExactlyInAnyOrder("setup-job", "extra");
        assertThat(service.control()).isSameAs(control);
        assertThat(service.faults()).isSameAs(faults);
        assertThat(service.clock()).isSameAs(clock);
    }
}
