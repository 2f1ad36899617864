package io.iotjobs.samples;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations such as {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 10m}, {@code 1h} or {@code PT30S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SIMPLE.matcher(text);
        if (matcher.matches()) {
            BigDecimal amount = new BigDecimal(matcher.group(1));
            long millisPerUnit = switch (matcher.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            return Duration.ofMillis(
                    amount.multiply(BigDecimal.valueOf(millisPerUnit)).longValue());
        }
        if (text.startsWith("pt")) {
            try {
                Duration parsed = Duration.parse(value.trim());
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (java.time.format.DateTimeParseException e) {
                // reported below
            }
        }
        throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration: use a number with ms, s, m or h, e.g. 500ms, 30s, 5m");
    }
}
