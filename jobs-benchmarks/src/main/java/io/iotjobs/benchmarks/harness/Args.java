package io.iotjobs.benchmarks.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options of a harness: {@code --name value} pairs, each name from a fixed set. Unknown or
 * malformed options fail with a message naming the option.
 */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    private Args() {}

    /**
     * Parses the options.
     *
     * @param args the command line
     * @param known the option names (without {@code --}) the harness understands
     * @return the options
     * @throws IllegalArgumentException if an option is unknown or has no value
     */
    public static Args parse(String[] args, Set<String> known) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
                throw new IllegalArgumentException(arg + ": unknown option; known: --"
                        + String.join(", --", known.stream().sorted().toList()));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + ": a value is required");
            }
            parsed.values.put(arg.substring(2), args[++i]);
        }
        return parsed;
    }

    /**
     * A text option.
     *
     * @param name the name
     * @param fallback the value when absent
     * @return the value
     */
    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * A whole-number option.
     *
     * @param name the name
     * @param fallback the value when absent
     * @param min the smallest allowed value
     * @return the value
     * @throws IllegalArgumentException if it is not a number or is below {@code min}
     */
    public int integer(String name, int fallback, int min) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a whole number: " + value, e);
        }
        if (parsed < min) {
            throw new IllegalArgumentException("--" + name + ": must be at least " + min + ", got " + parsed);
        }
        return parsed;
    }
}
