/**
 * Value types of the AWS IoT Jobs device API: requests, responses, events, execution data, statuses and
 * error codes.
 *
 * <p>Every type is an immutable value built with {@code X.builder()...build()}. Absent values are
 * {@link java.util.Optional}, {@link java.util.OptionalLong}; timestamps are {@link java.time.Instant};
 * the job document is a {@link io.iotjobs.model.JobDocument} that keeps every JSON value exactly.
 * Values are thread-safe. Builders are not; use one per thread.
 *
 * <p>Building a value checks only that required attributes are present (an
 * {@link java.lang.IllegalArgumentException} naming them otherwise; a {@code null} argument is a
 * {@link java.lang.NullPointerException}). The service's rules for names, lengths and ranges are checked by
 * the clients before anything is published, so a bad name never reaches a topic.
 */
@Value.Style(
        jdkOnly = true,
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        allowedClasspathAnnotations = {Override.class},
        throwForInvalidImmutableState = IllegalArgumentException.class,
        defaults = @Value.Immutable(copy = false))
package io.iotjobs.model;

import org.immutables.value.Value;
