package io.iotjobs.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsDecodeException;
import java.util.concurrent.Callable;
import net.jqwik.api.statistics.Statistics;

/**
 * The rule every decoder must keep, checked for one fuzz case: it returns a value of the expected type or
 * throws a {@link JobsDecodeException} that carries the topic and the payload; any other exception or error
 * (a {@code NullPointerException}, a {@code StackOverflowError}, a Jackson exception that escaped) fails, and
 * so does a call that does not return (see {@link Bounded}).
 */
final class DecoderCheck {

    /** Statistics label of the outcomes. */
    static final String OUTCOME = "outcome";
    /** A value came back. */
    static final String VALUE = "value";
    /** The payload is not JSON. */
    static final String MALFORMED = "JobsDecodeException (malformed JSON)";
    /** JSON, but not of the expected shape. */
    static final String MISMATCH = "JobsDecodeException (does not fit)";

    private DecoderCheck() {}

    /**
     * Runs a decode and checks the outcome.
     *
     * @param bounded runs the call with a hang limit
     * @param input the fuzz case
     * @param topic the topic passed to the decoder
     * @param type the type the value must have
     * @param decode the call
     * @param <T> the type
     * @return the value, or {@code null} when the decoder threw a {@link JobsDecodeException}
     */
    static <T> T check(Bounded bounded, FuzzInput input, String topic, Class<T> type, Callable<Object> decode) {
        Bounded.Outcome outcome = bounded.run(
                () -> {
                    Object value = decode.call();
                    // users log what they receive: printing a decoded value must work too
                    String.valueOf(value);
                    return value;
                },
                input);
        if (outcome.thrown == null) {
            assertThat(outcome.value).as("decoded value of %s", input).isInstanceOf(type);
            Statistics.label(OUTCOME).collect(VALUE);
            return type.cast(outcome.value);
        }
        if (!(outcome.thrown instanceof JobsDecodeException)) {
            throw new AssertionError(
                    "neither a value nor a JobsDecodeException for " + input + ": " + outcome.thrown, outcome.thrown);
        }
        JobsDecodeException failure = (JobsDecodeException) outcome.thrown;
        assertThat(failure.topic()).as("topic of the failure").isEqualTo(topic);
        assertThat(failure.payload()).as("payload of the failure").isEqualTo(input.payload());
        assertThat(failure.getMessage()).as("message of the failure").isNotBlank();
        Statistics.label(OUTCOME).collect(failure.isMalformedJson() ? MALFORMED : MISMATCH);
        return null;
    }

    /**
     * Fails the property if the cases were degenerate: too few decoded to a value, or too few were rejected.
     * At the default number of tries each share is in the tens of percent; runs of fewer than 1,000 tries
     * are too small to judge and are not checked.
     */
    static void requireVariety() {
        if (FuzzTries.tries() < 1000) {
            return;
        }
        Statistics.label(OUTCOME).coverage(coverage -> {
            coverage.check(VALUE).percentage(p -> p >= 2.0);
            coverage.check(MALFORMED).percentage(p -> p >= 2.0);
            coverage.check(MISMATCH).percentage(p -> p >= 0.5);
        });
    }
}
