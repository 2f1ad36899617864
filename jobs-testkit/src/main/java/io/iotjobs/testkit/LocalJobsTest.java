package io.iotjobs.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every test of the annotated class against a fresh local Jobs service, with the default settings of
 * {@link LocalJobsExtension}: the test methods (and {@code @BeforeEach} / {@code @AfterEach} methods) take
 * {@link LocalJobsService}, {@link JobsControl}, {@link FaultInjection}, {@link TestClock} or
 * {@link LocalJobsExtension} parameters.
 *
 * <pre>{@code
 * @LocalJobsTest
 * class UpdaterTest {
 *     @Test
 *     void installs(JobsControl control, LocalJobsExtension jobs) {
 *         String thing = jobs.uniqueThingName("updater");
 *         control.createJob(JobSpec.builder("fw-1").targets(thing).build());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>For other settings (the system clock, service limits) register the extension with
 * {@code @RegisterExtension static LocalJobsExtension jobs = LocalJobsExtension.builder()...build();} instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(LocalJobsExtension.class)
public @interface LocalJobsTest {}
