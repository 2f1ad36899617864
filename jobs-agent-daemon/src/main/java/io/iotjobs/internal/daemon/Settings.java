package io.iotjobs.internal.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of the configuration's settings, each error naming the source and the key; keys nobody read are
 * refused at the end ({@link #refuseUnknown}), so that a misspelt setting is not silently ignored.
 */
final class Settings {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|min|h|d)");

    private final Map<String, Object> values;
    private final String source;
    private final Set<String> read = new HashSet<>();

    Settings(Map<String, Object> values, String source) {
        this.values = values;
        this.source = source;
    }

    private IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException(source + ": " + key + ": " + problem);
    }

    String string(String key, String otherwise) {
        read.add(key);
        Object value = values.get(key);
        if (value instanceof List) {
            throw bad(key, "a single value is expected, got a list");
        }
        return value == null || ((String) value).isEmpty() ? otherwise : (String) value;
    }

    String required(String key, String why) {
        String value = string(key, null);
        if (value == null) {
            throw bad(key, "required " + why);
        }
        return value;
    }

    Path path(String key, Path otherwise) {
        String value = string(key, null);
        return value == null ? otherwise : Path.of(value);
    }

    boolean flag(String key, boolean otherwise) {
        String value = string(key, null);
        if (value == null) {
            return otherwise;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw bad(key, "must be true or false, got \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    Integer integer(String key, int min, int max) {
        String value = string(key, null);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, "must be a whole number from " + min + " to " + max + ", got \"" + value + "\"");
    }

    /** A positive duration: ISO-8601 ({@code PT30M}) or a number with a unit ({@code 30m}, {@code 90s}, {@code 2h}). */
    Duration duration(String key) {
        String value = string(key, null);
        if (value == null) {
            return null;
        }
        Duration duration = null;
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw bad(key, "must be a positive duration such as 30s, 10m, 2h or PT1H30M, got \"" + value + "\"");
        }
        return duration;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        read.add(key);
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        return value instanceof List ? (List<String>) value : List.of((String) value);
    }

    /** Every setting under a prefix, by the rest of its key (for {@code environment.NAME}). */
    Map<String, String> under(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                found.put(key.substring(prefix.length()), string(key, ""));
            }
        }
        return found;
    }

    /** Refuses the keys no read asked for. */
    void refuseUnknown() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw bad(key, "not a setting of the agent daemon (see its --help)");
            }
        }
    }
}
