package io.iotjobs.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Checks MQTT topic names and topic filters (MQTT 5 §4.7 and §1.5.4, the same rules in 3.1.1) before anything is
 * sent, so that a mistake fails the one call with an {@link IllegalArgumentException} naming the problem instead
 * of the broker closing the whole connection for a malformed packet.
 */
public final class MqttNames {

    /** The longest UTF-8 encoded string MQTT carries. */
    public static final int MAX_UTF8_BYTES = 65_535;

    private static final String SHARE_PREFIX = "$share/";

    private MqttNames() {}

    /**
     * Checks a topic name to publish to: no wildcards.
     *
     * @param topic the topic name
     * @return the topic name
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String topicName(String topic) {
        return topicName("topic", topic);
    }

    /**
     * Checks a topic name to publish to, for an option other than a publish's topic (a Last Will's).
     *
     * @param option the option's name, for the message
     * @param topic the topic name
     * @return the topic name
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException naming the option and what is wrong
     */
    public static String topicName(String option, String topic) {
        checkString(option, topic, false);
        int wildcard = indexOfWildcard(topic);
        if (wildcard >= 0) {
            throw new IllegalArgumentException(option + ": a topic name to publish to must not contain the wildcard '"
                    + topic.charAt(wildcard) + "' (at index " + wildcard + " of \"" + topic + "\"); wildcards are"
                    + " for subscriptions");
        }
        return topic;
    }

    /**
     * Checks a topic filter to subscribe to: {@code #} only as the whole last level, {@code +} only as a whole
     * level, and a shared subscription ({@code $share/<group>/<filter>}) only where the protocol has them.
     *
     * @param filter the filter
     * @param sharedAllowed whether shared subscriptions exist (MQTT 5)
     * @return the filter
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String topicFilter(String filter, boolean sharedAllowed) {
        checkString("filter", filter, false);
        String rest = filter;
        if (filter.startsWith(SHARE_PREFIX)) {
            if (!sharedAllowed) {
                throw new IllegalArgumentException("filter: \"" + filter + "\" is a shared subscription, which"
                        + " MQTT 3.1.1 does not have (use an MQTT 5 transport)");
            }
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            String group = slash < 0
                    ? filter.substring(SHARE_PREFIX.length())
                    : filter.substring(SHARE_PREFIX.length(), slash);
            if (group.isEmpty() || slash < 0 || slash == filter.length() - 1 || indexOfWildcard(group) >= 0) {
                throw new IllegalArgumentException("filter: a shared subscription must be $share/<group>/<filter>"
                        + " with a group name without '/', '+' or '#', got \"" + filter + "\"");
            }
            rest = filter.substring(slash + 1);
        }
        int start = 0;
        while (true) {
            int end = rest.indexOf('/', start);
            String level = end < 0 ? rest.substring(start) : rest.substring(start, end);
            int hash = level.indexOf('#');
            if (hash >= 0 && (level.length() != 1 || end >= 0)) {
                throw new IllegalArgumentException(
                        "filter: '#' must be the whole last level of a filter, got \"" + filter + "\"");
            }
            int plus = level.indexOf('+');
            if (plus >= 0 && level.length() != 1) {
                throw new IllegalArgumentException(
                        "filter: '+' must be a whole level of a filter, got \"" + filter + "\"");
            }
            if (end < 0) {
                return filter;
            }
            start = end + 1;
        }
    }

    /**
     * Checks an MQTT UTF-8 string (a user property's name or value, a content type).
     *
     * @param name the option's name, for the message
     * @param value the string
     * @param emptyAllowed whether the empty string is allowed
     * @return the string
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException naming the option and what is wrong
     */
    public static String utf8String(String name, String value, boolean emptyAllowed) {
        checkString(name, value, emptyAllowed);
        return value;
    }

    private static void checkString(String name, String value, boolean emptyAllowed) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() && !emptyAllowed) {
            throw new IllegalArgumentException(name + ": must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException(
                        name + ": must not contain the null character (U+0000), found at" + " index " + i);
            }
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                throw new IllegalArgumentException(name + ": must not contain the control character U+"
                        + String.format("%04X", (int) c) + " (at index " + i + "), which brokers may treat as a"
                        + " malformed packet");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw new IllegalArgumentException(name + ": not valid UTF-16 (an unpaired surrogate at index " + i
                            + "), so it cannot be encoded as UTF-8");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(name + ": not valid UTF-16 (an unpaired surrogate at index " + i
                        + "), so it cannot be encoded as UTF-8");
            }
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UTF8_BYTES) {
            throw new IllegalArgumentException(
                    name + ": " + bytes + " bytes in UTF-8, above MQTT's limit of " + MAX_UTF8_BYTES);
        }
    }

    private static int indexOfWildcard(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+' || c == '#') {
                return i;
            }
        }
        return -1;
    }
}
