package io.iotjobs.internal.testkit;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * An AWS cron expression, {@code cron(minutes hours day-of-month month day-of-week year)} in UTC, as maintenance
 * windows take it. Fields take {@code *}, {@code ?} (day fields), numbers, names ({@code JAN}–{@code DEC},
 * {@code SUN}–{@code SAT}; day-of-week numbers 1–7 are SUN–SAT), lists, ranges and {@code /} steps. The
 * {@code L}, {@code W} and {@code #} forms are refused as not supported. Immutable.
 */
final class Cron {

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private Cron(String[] f, String field) {
        minutes = parse(f[0], 0, 59, null, field + " (minutes)");
        hours = parse(f[1], 0, 23, null, field + " (hours)");
        anyDayOfMonth = f[2].equals("?") || f[2].equals("*");
        daysOfMonth = parse(f[2], 1, 31, null, field + " (day-of-month)");
        months = parse(f[3], 1, 12, MONTHS, field + " (month)");
        anyDayOfWeek = f[4].equals("?") || f[4].equals("*");
        daysOfWeek = parse(f[4], 1, 7, DAYS, field + " (day-of-week)");
        years = parse(f[5], 1970, 2199, null, field + " (year)");
    }

    /**
     * Parses an expression.
     *
     * @param field the field for the messages
     * @param text {@code cron(...)} with six fields
     * @return the expression
     * @throws IllegalArgumentException naming the field
     */
    static Cron parse(String field, String text) {
        String t = text.trim();
        if (!t.startsWith("cron(") || !t.endsWith(")")) {
            throw new IllegalArgumentException(
                    field + ": must be cron(minutes hours day-of-month month day-of-week" + " year), got " + text);
        }
        String[] f = t.substring(5, t.length() - 1).trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException(field + ": a cron expression has 6 fields, got " + f.length);
        }
        if (!f[2].equals("?") && !f[4].equals("?")) {
            throw new IllegalArgumentException(field + ": one of day-of-month and day-of-week must be ?");
        }
        return new Cron(f, field);
    }

    /**
     * The times the expression names from {@code from} (inclusive) to {@code to} (exclusive), in order.
     *
     * @param from the first time looked at
     * @param to the end
     * @param max most times returned
     * @return the times
     */
    List<Instant> between(Instant from, Instant to, int max) {
        List<Instant> times = new ArrayList<>();
        LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        for (; !day.isAfter(last) && times.size() < max; day = day.plusDays(1)) {
            if (!matches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0 && times.size() < max; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0 && times.size() < max; m = minutes.nextSetBit(m + 1)) {
                    Instant at = LocalDateTime.of(day, LocalTime.of(h, m)).toInstant(ZoneOffset.UTC);
                    if (!at.isBefore(from) && at.isBefore(to)) {
                        times.add(at);
                    }
                }
            }
        }
        return times;
    }

    private boolean matches(LocalDate day) {
        if (!years.get(day.getYear()) || !months.get(day.getMonthValue())) {
            return false;
        }
        int dow =
                day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
        return (anyDayOfMonth || daysOfMonth.get(day.getDayOfMonth())) && (anyDayOfWeek || daysOfWeek.get(dow));
    }

    private static BitSet parse(String text, int min, int max, String[] names, String field) {
        BitSet set = new BitSet();
        if (text.equals("*") || text.equals("?")) {
            set.set(min, max + 1);
            return set;
        }
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, null, field);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                from = number(range.substring(0, range.indexOf('-')), min, max, names, field);
                to = number(range.substring(range.indexOf('-') + 1), min, max, names, field);
            } else {
                from = number(range, min, max, names, field);
                to = slash >= 0 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException(field + ": range " + range + " runs backwards");
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String[] names, String field) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(text.toUpperCase(Locale.ROOT))) {
                    return min + i;
                }
            }
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        if (text.matches(".*[LW#].*")) {
            throw new IllegalArgumentException(field + ": " + text + " is not supported by the local Jobs service"
                    + " (use numbers, names, lists, ranges and steps)");
        }
        throw new IllegalArgumentException(field + ": " + text + " is not a value in " + min + ".." + max);
    }
}
