package io.iotjobs.internal.agent;

import io.iotjobs.core.JobsLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Status-details rules of the agent: checks of user-supplied keys and values (the service's pattern and
 * limits), and the sanitising and shortening of text the agent writes itself (reasons from exception messages,
 * the tail of a job's output), so that an update is never rejected for its details.
 */
public final class StatusDetails {

    /** Longest status-details key. */
    public static final int MAX_KEY_LENGTH = 128;
    /** The character that stands for a line break in sanitised text. */
    static final char LINE_BREAK = '\u21b5';
    /** The character that stands for a cut-off part of a text. */
    static final char ELLIPSIS = '\u2026';

    private StatusDetails() {}

    /**
     * Checks a key: 1–128 characters of {@code [a-zA-Z0-9:_-]}.
     *
     * @param key the key
     * @return the key
     * @throws IllegalArgumentException naming the key otherwise
     */
    public static String checkKey(String key) {
        Objects.requireNonNull(key, "statusDetails: null key");
        boolean ok = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
        for (int i = 0; ok && i < key.length(); i++) {
            char c = key.charAt(i);
            ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '-'
                    || c == ':';
        }
        if (!ok) {
            throw new IllegalArgumentException("statusDetails: key must be 1-" + MAX_KEY_LENGTH
                    + " characters of [a-zA-Z0-9:_-], got \"" + printable(key, 40) + "\"");
        }
        return key;
    }

    /**
     * Checks a value: 1 to {@code maxLength} characters without control, format, private-use, surrogate or
     * unassigned characters.
     *
     * @param field the name used in the error message (e.g. {@code statusDetails.progress})
     * @param value the value
     * @param maxLength the longest value allowed
     * @return the value
     * @throws IllegalArgumentException naming the field otherwise
     */
    public static String checkValue(String field, String value, int maxLength) {
        Objects.requireNonNull(value, () -> field + ": null value");
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(
                    field + ": must be 1-" + maxLength + " characters, got " + value.length());
        }
        int bad = firstForbidden(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(field + ": must not contain control or unassigned characters, found U+"
                    + String.format("%04X", value.codePointAt(bad)) + " at index " + bad);
        }
        return value;
    }

    /**
     * Checks a map of details: every key and value, and at most {@code maxPairs} pairs.
     *
     * @param details the details
     * @param maxPairs the most pairs allowed
     * @param maxValueLength the longest value allowed
     * @return an ordered copy
     */
    public static Map<String, String> checkAll(Map<String, String> details, int maxPairs, int maxValueLength) {
        Objects.requireNonNull(details, "statusDetails");
        if (details.size() > maxPairs) {
            throw new IllegalArgumentException(
                    "statusDetails: at most " + maxPairs + " pairs here, got " + details.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        details.forEach(
                (key, value) -> copy.put(checkKey(key), checkValue("statusDetails." + key, value, maxValueLength)));
        return copy;
    }

    /**
     * Makes any text a valid value: line breaks become {@value #LINE_BREAK}, tabs spaces, other forbidden
     * characters U+FFFD; then the beginning is kept (a cut-off end is marked with an ellipsis).
     *
     * @param text any text
     * @param maxLength the longest value allowed (at least 2)
     * @return a valid value, or {@code null} when the text is empty
     */
    public static String head(CharSequence text, int maxLength) {
        String clean = sanitize(text);
        if (clean.isEmpty()) {
            return null;
        }
        if (clean.length() <= maxLength) {
            return clean;
        }
        int end = maxLength - 1;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end) + ELLIPSIS;
    }

    /**
     * Makes any text a valid value keeping its end (the tail of a job's output); a cut-off beginning is marked
     * with an ellipsis.
     *
     * @param text any text
     * @param maxLength the longest value allowed (at least 2)
     * @return a valid value, or {@code null} when the text is empty
     */
    public static String tail(CharSequence text, int maxLength) {
        String clean = sanitize(text);
        if (clean.isEmpty()) {
            return null;
        }
        if (clean.length() <= maxLength) {
            return clean;
        }
        int start = clean.length() - (maxLength - 1);
        if (Character.isLowSurrogate(clean.charAt(start))) {
            start++;
        }
        return ELLIPSIS + clean.substring(start);
    }

    /**
     * Replaces what a value may not contain; trailing line breaks are dropped.
     *
     * @param text any text
     * @return the text with line breaks as {@value #LINE_BREAK}, tabs as spaces, and other forbidden
     *     characters as U+FFFD
     */
    static String sanitize(CharSequence text) {
        String value = text.toString();
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        StringBuilder out = new StringBuilder(end);
        for (int i = 0; i < end; ) {
            int cp = value.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '\r' && next < end && value.charAt(next) == '\n') {
                out.append(LINE_BREAK);
                i = next + 1;
                continue;
            }
            if (cp == '\n' || cp == '\r') {
                out.append(LINE_BREAK);
            } else if (cp == '\t') {
                out.append(' ');
            } else if (forbidden(cp)) {
                out.append('\ufffd');
            } else {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return out.toString();
    }

    /**
     * Fits the details of an update into the limits: values cut to the longest length, and when there are
     * too many pairs the ones after the limit dropped, except the keys to keep.
     *
     * @param details the details, in priority order
     * @param limits the limits
     * @param keep keys never dropped (they count towards the limit first)
     * @return the fitted details
     */
    public static Map<String, String> fit(Map<String, String> details, JobsLimits limits, String... keep) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keep) {
            String value =
                    details.get(key) == null ? null : head(details.get(key), limits.maxStatusDetailValueLength());
            if (value != null && out.size() < limits.maxStatusDetailsPairs()) {
                out.put(key, value);
            }
        }
        for (Map.Entry<String, String> entry : details.entrySet()) {
            if (out.size() >= limits.maxStatusDetailsPairs()) {
                break;
            }
            if (!out.containsKey(entry.getKey())) {
                String value = head(entry.getValue(), limits.maxStatusDetailValueLength());
                if (value != null) {
                    out.put(entry.getKey(), value);
                }
            }
        }
        return out;
    }

    private static int firstForbidden(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (forbidden(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean forbidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED;
    }

    private static String printable(String value, int max) {
        String shown = sanitize(value);
        return shown.length() > max ? shown.substring(0, max) + ELLIPSIS : shown;
    }
}
