package io.iotjobs.internal.agent.devclient;

import io.iotjobs.model.JobDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a job document in either schema of the AWS IoT Device Client. Bad input throws
 * {@link IllegalArgumentException} naming the field ({@code steps[1].action.input.handler: required}); the
 * agent rejects such a job without running anything.
 *
 * <p>The schemas are described in the Device Client's {@code source/jobs/README.md}; lenient where its
 * examples are: {@code ignoreStepFailure} and {@code includeStdOut} as a boolean or as the string
 * {@code "true"}/{@code "false"}, and an empty {@code runAsUser} or {@code path} (what an AWS managed template
 * leaves when its optional parameter is not set) as absent.
 */
public final class DcParser {

    /** The only steps-schema version the Device Client runs. */
    public static final String VERSION = "1.0";

    private static final String RUN_HANDLER = "runHandler";
    private static final String RUN_COMMAND = "runCommand";

    private DcParser() {}

    /**
     * Whether a document is meant for the Device Client's jobs feature: it has {@code version} or
     * {@code steps} (the steps schema), or a string {@code operation} (the older schema).
     *
     * @param document the document
     * @return true if {@link #parse} should read it
     */
    public static boolean isDeviceClientDocument(JobDocument document) {
        Map<String, Object> root = document.asMap();
        return root.containsKey("version") || root.containsKey("steps") || root.get("operation") instanceof String;
    }

    /**
     * Reads a document.
     *
     * @param document the document
     * @return the steps to run
     * @throws IllegalArgumentException naming the field at fault
     */
    public static DcDocument parse(JobDocument document) {
        Map<String, Object> root = document.asMap();
        if (root.containsKey("version") || root.containsKey("steps")) {
            return parseSteps(root);
        }
        return parseOperation(root);
    }

    private static DcDocument parseSteps(Map<String, Object> root) {
        Object version = root.get("version");
        if (!VERSION.equals(version)) {
            throw new IllegalArgumentException("version: must be \"" + VERSION + "\", got " + shown(version));
        }
        List<?> list = list(root, "steps", "steps");
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("steps: at least one step is required");
        }
        List<DcDocument.Step> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            steps.add(step(list.get(i), "steps[" + i + "]"));
        }
        Object finalStep = root.get("finalStep");
        return new DcDocument(
                DcDocument.Schema.STEPS,
                steps,
                finalStep == null ? null : step(finalStep, "finalStep"),
                flag(root, "includeStdOut", "includeStdOut"));
    }

    private static DcDocument.Step step(Object value, String field) {
        Map<String, Object> action = map(map(value, field), "action", field + ".action");
        if (action == null) {
            throw new IllegalArgumentException(field + ".action: required");
        }
        String at = field + ".action";
        String name = text(action, "name", at + ".name");
        Object type = action.get("type");
        String runAsUser = emptyAsNull(optionalText(action, "runAsUser", at + ".runAsUser"));
        boolean ignore = flag(action, "ignoreStepFailure", at + ".ignoreStepFailure");
        Map<String, Object> input = map(action, "input", at + ".input");
        if (input == null) {
            throw new IllegalArgumentException(at + ".input: required");
        }
        if (RUN_HANDLER.equals(type)) {
            return new DcDocument.Step(
                    name,
                    DcDocument.Type.RUN_HANDLER,
                    text(input, "handler", at + ".input.handler"),
                    emptyAsNull(optionalText(input, "path", at + ".input.path")),
                    strings(input, "args", at + ".input.args"),
                    runAsUser,
                    ignore,
                    null);
        }
        if (RUN_COMMAND.equals(type)) {
            String command = text(input, "command", at + ".input.command");
            return new DcDocument.Step(
                    name,
                    DcDocument.Type.RUN_COMMAND,
                    null,
                    null,
                    splitCommand(command, at + ".input.command"),
                    runAsUser,
                    ignore,
                    null);
        }
        throw new IllegalArgumentException(
                at + ".type: must be \"" + RUN_HANDLER + "\" or \"" + RUN_COMMAND + "\", got " + shown(type));
    }

    private static DcDocument parseOperation(Map<String, Object> root) {
        String operation = text(root, "operation", "operation");
        Object allowed = root.get("allowStdErr");
        int allowStdErr = 0;
        if (allowed != null) {
            if (!(allowed instanceof Integer count) || count < 0) {
                throw new IllegalArgumentException(
                        "allowStdErr: must be a whole number of lines, 0 or more, got " + shown(allowed));
            }
            allowStdErr = count;
        }
        DcDocument.Step step = new DcDocument.Step(
                operation,
                DcDocument.Type.RUN_HANDLER,
                operation,
                emptyAsNull(optionalText(root, "path", "path")),
                strings(root, "args", "args"),
                null,
                false,
                allowStdErr);
        return new DcDocument(
                DcDocument.Schema.OPERATION, List.of(step), null, flag(root, "includeStdOut", "includeStdOut"));
    }

    /**
     * Splits a {@code runCommand} command into its argument vector: the parts are separated by commas, and
     * {@code \,} stands for a comma inside a part. The program (the first part) must not be empty or contain
     * spaces, as the Device Client requires.
     *
     * @param command the command, e.g. {@code echo,Hello\, world}
     * @param field the field's name for errors
     * @return the argument vector
     */
    static List<String> splitCommand(String command, String field) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == ',') {
                part.append(',');
                i++;
            } else if (c == ',') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        String program = parts.get(0);
        if (program.isEmpty() || program.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(field + ": the program (before the first comma) must be non-empty and "
                    + "without spaces, got \"" + program + "\"");
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String field) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(field + ": must be a JSON object, got " + shown(value));
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key, String field) {
        Object value = parent.get(key);
        return value == null ? null : map(value, field);
    }

    private static List<?> list(Map<String, Object> parent, String key, String field) {
        Object value = parent.get(key);
        if (value != null && !(value instanceof List)) {
            throw new IllegalArgumentException(field + ": must be a JSON array, got " + shown(value));
        }
        return (List<?>) value;
    }

    private static List<String> strings(Map<String, Object> parent, String key, String field) {
        List<?> values = list(parent, key, field);
        List<String> out = new ArrayList<>();
        for (int i = 0; values != null && i < values.size(); i++) {
            if (!(values.get(i) instanceof String text)) {
                throw new IllegalArgumentException(
                        field + "[" + i + "]: must be a string, got " + shown(values.get(i)));
            }
            out.add(text);
        }
        return out;
    }

    private static String text(Map<String, Object> parent, String key, String field) {
        String value = optionalText(parent, key, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": required (a non-empty string)");
        }
        return value;
    }

    private static String optionalText(Map<String, Object> parent, String key, String field) {
        Object value = parent.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(field + ": must be a string, got " + shown(value));
        }
        return (String) value;
    }

    private static boolean flag(Map<String, Object> parent, String key, String field) {
        Object value = parent.get(key);
        if (value == null || Boolean.FALSE.equals(value) || "false".equals(value)) {
            return false;
        }
        if (Boolean.TRUE.equals(value) || "true".equals(value)) {
            return true;
        }
        throw new IllegalArgumentException(
                field + ": must be true or false (or \"true\" or \"false\"), got " + shown(value));
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String shown(Object value) {
        if (value == null) {
            return "nothing";
        }
        String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "\u2026" : text;
    }
}
