package io.iotjobs.internal.protocol;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.model.JobStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The service's rules for every request field, checked before any topic or payload is built. Each failure
 * is an {@link IllegalArgumentException} whose message starts with the field name and states the rule.
 */
public final class Validation {
    /** Longest thing name. */
    public static final int MAX_THING_NAME = 128;
    /** Longest job id. */
    public static final int MAX_JOB_ID = 64;
    /** Longest status-details key. */
    public static final int MAX_STATUS_DETAIL_KEY = 128;
    /** Largest step timeout in minutes (7 days). */
    public static final long MAX_STEP_TIMEOUT_MINUTES = 10080;
    /** The job id alias accepted by DescribeJobExecution. */
    public static final String NEXT_ALIAS = "$next";

    private static final int SHOWN = 40;

    private Validation() {}

    /**
     * Checks a thing name: 1–128 characters of {@code [a-zA-Z0-9:_-]}.
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static String thingName(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.length() > MAX_THING_NAME || !allMatch(value, true)) {
            throw new IllegalArgumentException(
                    field + ": must be 1-" + MAX_THING_NAME + " characters of [a-zA-Z0-9:_-], got " + show(value));
        }
        return value;
    }

    /**
     * Checks a job id: 1–64 characters of {@code [a-zA-Z0-9_-]}, or {@code $next} where allowed.
     *
     * @param field the field name for the message
     * @param value the value
     * @param nextAllowed whether {@code $next} is allowed (DescribeJobExecution only)
     * @return the value
     */
    public static String jobId(String field, String value, boolean nextAllowed) {
        Objects.requireNonNull(value, field);
        if (NEXT_ALIAS.equals(value)) {
            if (nextAllowed) {
                return value;
            }
            throw new IllegalArgumentException(field + ": $next is allowed only for DescribeJobExecution");
        }
        if (value.isEmpty() || value.length() > MAX_JOB_ID || !allMatch(value, false)) {
            throw new IllegalArgumentException(field + ": must be 1-" + MAX_JOB_ID + " characters of [a-zA-Z0-9_-]"
                    + (nextAllowed ? " or $next" : "") + ", got " + show(value));
        }
        return value;
    }

    /**
     * Checks a client token: 1 to the limit's characters, no control characters.
     *
     * @param value the token, if any
     * @param limits the limits
     */
    public static void clientToken(Optional<String> value, JobsLimits limits) {
        if (value.isEmpty()) {
            return;
        }
        String token = value.get();
        if (token.isEmpty() || token.length() > limits.maxClientTokenLength() || hasControl(token)) {
            throw new IllegalArgumentException("clientToken: must be 1-" + limits.maxClientTokenLength()
                    + " characters without control characters, got " + show(token));
        }
    }

    /**
     * Checks status details: at most the limit's pairs; keys 1–128 of {@code [a-zA-Z0-9:_-]}; values 1 to
     * the limit's characters with no control or unassigned characters.
     *
     * @param value the details, if any
     * @param limits the limits
     */
    public static void statusDetails(Optional<Map<String, String>> value, JobsLimits limits) {
        if (value.isEmpty()) {
            return;
        }
        Map<String, String> details = value.get();
        if (details.size() > limits.maxStatusDetailsPairs()) {
            throw new IllegalArgumentException(
                    "statusDetails: at most " + limits.maxStatusDetailsPairs() + " pairs, got " + details.size());
        }
        for (Map.Entry<String, String> entry : details.entrySet()) {
            String key = Objects.requireNonNull(entry.getKey(), "statusDetails: null key");
            if (key.isEmpty() || key.length() > MAX_STATUS_DETAIL_KEY || !allMatch(key, true)) {
                throw new IllegalArgumentException("statusDetails: key must be 1-" + MAX_STATUS_DETAIL_KEY
                        + " characters of [a-zA-Z0-9:_-], got " + show(key));
            }
            String text = Objects.requireNonNull(entry.getValue(), () -> "statusDetails." + key + ": null value");
            if (text.isEmpty() || text.length() > limits.maxStatusDetailValueLength() || hasControl(text)) {
                throw new IllegalArgumentException("statusDetails." + key + ": value must be 1-"
                        + limits.maxStatusDetailValueLength()
                        + " characters without control or unassigned characters, got "
                        + (text.length() > limits.maxStatusDetailValueLength()
                                ? text.length() + " characters"
                                : show(text)));
            }
        }
    }

    /**
     * Checks a step timeout: 1..10080 minutes, or -1 (cancel) where allowed.
     *
     * @param value the timeout, if any
     * @param cancelAllowed whether -1 is allowed (UpdateJobExecution only)
     */
    public static void stepTimeout(OptionalLong value, boolean cancelAllowed) {
        if (value.isEmpty()) {
            return;
        }
        long minutes = value.getAsLong();
        boolean ok = minutes >= 1 && minutes <= MAX_STEP_TIMEOUT_MINUTES || cancelAllowed && minutes == -1;
        if (!ok) {
            throw new IllegalArgumentException("stepTimeoutInMinutes: must be 1.." + MAX_STEP_TIMEOUT_MINUTES
                    + (cancelAllowed ? " or -1 to cancel the step timer" : "") + ", got " + minutes);
        }
    }

    /**
     * Checks a number that must be at least {@code min}.
     *
     * @param field the field name
     * @param value the number, if any
     * @param min the smallest allowed value
     */
    public static void atLeast(String field, OptionalLong value, long min) {
        if (value.isPresent() && value.getAsLong() < min) {
            throw new IllegalArgumentException(field + ": must be at least " + min + ", got " + value.getAsLong());
        }
    }

    /**
     * Checks that a device may request the status: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.
     *
     * @param status the status
     */
    public static void deviceStatus(JobStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isSettableByDevice()) {
            throw new IllegalArgumentException(
                    "status: a device may set IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, got " + status);
        }
    }

    private static boolean allMatch(String value, boolean colonAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '-'
                    || colonAllowed && c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * Renders a rejected value for an error message: quoted, control characters escaped, long values cut.
     *
     * @param value the value
     * @return a printable rendering
     */
    public static String show(String value) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(value.length(), SHOWN);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > SHOWN) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
