package io.iotjobs.internal.testkit;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks of the free-text fields of the control plane (descriptions, comments, reason codes), shared by the
 * Java and the HTTP control API so that both refuse the same values with the same message.
 */
public final class Texts {

    /** Longest description or comment (AWS IoT API reference, CreateJob and CancelJob). */
    public static final int MAX_DESCRIPTION = 2028;
    /** Longest cancel reason code (AWS IoT API reference, CancelJob). */
    public static final int MAX_REASON_CODE = 128;

    private static final Pattern REASON_CODE = Pattern.compile("[\\p{Upper}\\p{Digit}_]+");

    private Texts() {}

    /**
     * Checks a free text: 1 to {@code maxLength} characters, none of them a control, format, private-use,
     * surrogate or unassigned character.
     *
     * @param field the field name for the message
     * @param text the text
     * @param maxLength the longest allowed
     * @return the text
     * @throws IllegalArgumentException naming the field
     */
    public static String text(String field, String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            throw new IllegalArgumentException(
                    field + ": must be 1-" + maxLength + " characters, got " + text.length());
        }
        if (text.codePoints().anyMatch(Texts::forbidden)) {
            throw new IllegalArgumentException(field + ": must not contain control characters");
        }
        return text;
    }

    /**
     * Checks a cancel reason code: upper-case letters, digits and {@code _}, at most 128 characters.
     *
     * @param field the field name for the message
     * @param code the code
     * @return the code
     * @throws IllegalArgumentException naming the field
     */
    public static String reasonCode(String field, String code) {
        text(field, code, MAX_REASON_CODE);
        if (!REASON_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(field + ": must be upper-case letters, digits and _, got " + code);
        }
        return code;
    }

    /**
     * A status in the camel case of AWS's count fields: {@code TIMED_OUT} becomes {@code TimedOut}.
     *
     * @param status an upper-case status name
     * @return the name in camel case
     */
    public static String camel(String status) {
        StringBuilder out = new StringBuilder();
        for (String part : status.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static boolean forbidden(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE;
    }
}
