package io.iotjobs.it.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Makes fuzz payloads for the JSON decoders: mutations of the golden protocol samples (the jobs-core test
 * resources under {@code golden/}, on the class path from jobs-test-support) and JSON or bytes made
 * from scratch.
 *
 * <p>Mutations: fields removed, added, renamed, duplicated (two members with one name); values replaced by
 * another type, huge or out-of-range numbers, numeric strings, very long strings, strings with control
 * characters, lone surrogates or bad escapes, deeply nested arrays and objects; bytes flipped, overwritten,
 * deleted, repeated, truncated; invalid UTF-8 sequences inserted (also inside strings). Every case carries its
 * recipe (see {@link FuzzInput}). Generation uses the {@link Random} jqwik passes in, so a jqwik seed
 * reproduces a run.
 */
final class JsonFuzzer {

    /** Every golden sample, for cross-type cases. */
    static final List<String> ALL_GOLDEN = List.of(
            "describe-accepted-fractional-timestamps.json",
            "describe-accepted-next-empty.json",
            "describe-accepted-unknown-fields.json",
            "describe-accepted.json",
            "describe-rejected-resource-not-found.json",
            "describe-request-empty.json",
            "describe-request.json",
            "get-pending-accepted-empty.json",
            "get-pending-accepted.json",
            "get-pending-request-empty.json",
            "get-pending-request.json",
            "notify-empty.json",
            "notify-next-empty.json",
            "notify-next-unknown-status.json",
            "notify-next.json",
            "notify-unknown-status-key.json",
            "notify.json",
            "rejected-invalid-json-no-token.json",
            "rejected-unknown-code.json",
            "start-next-accepted-exact-document.json",
            "start-next-accepted-nothing-pending.json",
            "start-next-accepted.json",
            "start-next-request-no-token.json",
            "start-next-request.json",
            "update-accepted-minimal.json",
            "update-accepted-no-token.json",
            "update-accepted-with-state-and-document.json",
            "update-rejected-invalid-state-transition.json",
            "update-rejected-version-mismatch.json",
            "update-request-no-token.json",
            "update-request-string-expected-version.json",
            "update-request-with-topic-parameters.json",
            "update-request.json");

    /** Field names of the protocol, so that made-up objects hit the decoders' real fields. */
    private static final List<String> FIELDS = List.of(
            "clientToken",
            "timestamp",
            "execution",
            "jobId",
            "thingName",
            "status",
            "statusDetails",
            "queuedAt",
            "startedAt",
            "lastUpdatedAt",
            "versionNumber",
            "executionNumber",
            "approximateSecondsBeforeTimedOut",
            "jobDocument",
            "inProgressJobs",
            "queuedJobs",
            "jobs",
            "code",
            "message",
            "executionState",
            "expectedVersion",
            "stepTimeoutInMinutes",
            "includeJobDocument",
            "includeJobExecutionState",
            "QUEUED",
            "IN_PROGRESS",
            "SUCCEEDED");

    private static final List<String> WORDS = List.of(
            "QUEUED",
            "IN_PROGRESS",
            "SUCCEEDED",
            "FAILED",
            "TIMED_OUT",
            "REJECTED",
            "REMOVED",
            "CANCELED",
            "PAUSED",
            "queued",
            "",
            "VersionMismatch",
            "InvalidJson",
            "InvalidRequest",
            "ResourceNotFound",
            "InvalidStateTransition",
            "TerminalStateReached",
            "RequestThrottled",
            "UNKNOWN",
            "$next",
            "fw-17",
            "dev-42",
            "null",
            "true",
            "1",
            "-1",
            "0");

    private static final String[] NUMBERS = {
        "0",
        "-0",
        "1",
        "-1",
        "2",
        "42",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "1.5",
        "-0.0",
        "0.000001",
        "1e3",
        "1E+2",
        "1e308",
        "1e309",
        "-1e309",
        "1e-400",
        "4.9e-324",
        "1e2147483647",
        "1e-2147483648",
        "1E+2147483648",
        "123456789012345678901234567890.123456789",
        "1717000500.75",
        "1717000300.999999999",
        "-62135596800",
        "31556889864403199",
        "31556889864403200",
        "-31557014167219200",
        "-31557014167219201"
    };

    private static final String[] NUMERIC_STRINGS = {
        "\"12\"",
        "\"-1\"",
        "\"0\"",
        "\"1e3\"",
        "\" 7 \"",
        "\"0x10\"",
        "\"NaN\"",
        "\"Infinity\"",
        "\"-Infinity\"",
        "\"1717000500.75\"",
        "\"9223372036854775808\"",
        "\"1e-2147483647\"",
        "\"1e999999999\"",
        "\"\"",
        "\"+5\"",
        "\"١٢\""
    };

    private static final String[] BROKEN_TOKENS = {
        "NaN",
        "Infinity",
        "-Infinity",
        "undefined",
        "01",
        "+1",
        ".5",
        "1.",
        "1e",
        "-",
        "'single'",
        "tru",
        "nul",
        "\"unterminated",
        "\"bad \\q escape\"",
        "\"bad \\u12 escape\"",
        "[1,]",
        "{,}",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\" 1}",
        "[1 2]",
        "/* c */ 1",
        "// c\n1",
        "0x1F",
        "\u00a01"
    };

    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xff},
        {(byte) 0xfe},
        {(byte) 0xc3, 0x28},
        {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf0, 0x28, (byte) 0x8c, (byte) 0xbc},
        {(byte) 0xc0, (byte) 0xaf},
        {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80},
        {(byte) 0xbf}
    };

    private static final byte[] SPECIAL_BYTES = {
        '{',
        '}',
        '[',
        ']',
        '"',
        '\\',
        ':',
        ',',
        '0',
        '-',
        'e',
        '.',
        ' ',
        0,
        '\n',
        (byte) 0x7f,
        (byte) 0x80,
        (byte) 0xff,
        (byte) 0xc3
    };

    private static final int[] DEPTHS = {20, 200, 499, 500, 501, 999, 1000, 1001, 3000};

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, byte[]> GOLDEN = new ConcurrentHashMap<>();

    private final List<String> own;

    private JsonFuzzer(List<String> own) {
        this.own = List.copyOf(own);
    }

    /**
     * Fuzz payloads around some golden samples (mostly those; some from every sample, some from scratch).
     *
     * @param seeds the names of the golden samples the decoder under test reads
     * @return the arbitrary
     */
    static Arbitrary<FuzzInput> around(String... seeds) {
        return Arbitraries.randomValue(fuzzer(seeds)::next);
    }

    /**
     * A fuzzer around some golden samples, for generators that combine its cases with other choices.
     *
     * @param seeds the names of the golden samples
     * @return the fuzzer; {@link #next(Random)} makes one case
     */
    static JsonFuzzer fuzzer(String... seeds) {
        for (String seed : seeds) {
            golden(seed);
        }
        return new JsonFuzzer(List.of(seeds));
    }

    /**
     * A golden sample's bytes.
     *
     * @param name the file name under {@code golden/}
     * @return the bytes
     */
    static byte[] golden(String name) {
        return GOLDEN.computeIfAbsent(name, JsonFuzzer::load).clone();
    }

    private static byte[] load(String name) {
        String path = "golden/" + name;
        try (InputStream in = JsonFuzzer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path (jobs-test-support)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------- one case

    /**
     * Makes one case.
     *
     * @param r the randomness (jqwik's, so that its seed reproduces the case)
     * @return the case
     */
    FuzzInput next(Random r) {
        int kind = r.nextInt(100);
        String seed = r.nextInt(10) == 0 ? pick(r, ALL_GOLDEN) : pick(r, own);
        StringBuilder recipe = new StringBuilder();
        byte[] bytes;
        if (kind < 45) {
            recipe.append(seed);
            bytes = mutateTree(r, golden(seed), recipe);
            if (r.nextBoolean()) {
                bytes = mutateBytes(r, bytes, recipe);
            }
        } else if (kind < 70) {
            recipe.append(seed);
            bytes = mutateBytes(r, golden(seed), recipe);
        } else if (kind < 85) {
            recipe.append("random object");
            bytes = randomObject(r, 0).getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(3) == 0) {
                bytes = mutateBytes(r, bytes, recipe);
            }
        } else if (kind < 93) {
            recipe.append("random bytes");
            bytes = randomBytes(r);
        } else {
            recipe.append("special");
            bytes = special(r, recipe);
        }
        return new FuzzInput(recipe.toString(), bytes);
    }

    // ------------------------------------------------------------------------------- tree mutations

    /** Parses the sample, changes 1–4 places, writes it again; raw JSON snippets go in through markers. */
    private static byte[] mutateTree(Random r, byte[] seed, StringBuilder recipe) {
        JsonNode root;
        try {
            root = seed.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> raws = new ArrayList<>();
        int steps = 1 + r.nextInt(4);
        for (int i = 0; i < steps; i++) {
            List<Slot> slots = new ArrayList<>();
            List<ObjectNode> objects = new ArrayList<>();
            collect(root, slots, objects);
            int op = r.nextInt(7);
            if (op <= 1 && !slots.isEmpty()) {
                Slot slot = slots.get(r.nextInt(slots.size()));
                String raw = randomValue(r, 1);
                slot.set(marker(raws, raw));
                recipe.append(" | replace(").append(slot.name()).append(')');
            } else if (op == 2 && !slots.isEmpty()) {
                Slot slot = slots.get(r.nextInt(slots.size()));
                slot.remove();
                recipe.append(" | remove(").append(slot.name()).append(')');
            } else if (op == 3 && !objects.isEmpty()) {
                ObjectNode target = objects.get(r.nextInt(objects.size()));
                String name = r.nextInt(4) == 0 ? randomText(r, 1 + r.nextInt(8)) : pick(r, FIELDS);
                target.set(name, marker(raws, randomValue(r, 1)));
                recipe.append(" | add(").append(name).append(')');
            } else if (op == 4 && !slots.isEmpty()) {
                Slot slot = slots.get(r.nextInt(slots.size()));
                int depth = DEPTHS[r.nextInt(DEPTHS.length)];
                slot.set(marker(raws, nested(r, depth)));
                recipe.append(" | nest(")
                        .append(slot.name())
                        .append(',')
                        .append(depth)
                        .append(')');
            } else if (op == 5 && !slots.isEmpty()) {
                Slot slot = slots.get(r.nextInt(slots.size()));
                int length = r.nextInt(10) == 0 ? 60_000 + r.nextInt(70_000) : 1000 + r.nextInt(4000);
                slot.set(marker(raws, quoted(longText(r, length))));
                recipe.append(" | long(")
                        .append(slot.name())
                        .append(',')
                        .append(length)
                        .append(')');
            } else if (!objects.isEmpty()) {
                ObjectNode target = objects.get(r.nextInt(objects.size()));
                List<String> names = new ArrayList<>();
                target.properties().forEach(e -> names.add(e.getKey()));
                if (!names.isEmpty()) {
                    String from = pick(r, names);
                    String to = r.nextBoolean() ? from.toUpperCase(Locale.ROOT) : pick(r, FIELDS);
                    JsonNode value = target.remove(from);
                    target.set(to, value);
                    recipe.append(" | rename(")
                            .append(from)
                            .append("->")
                            .append(to)
                            .append(')');
                }
            }
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < raws.size(); i++) {
            text = text.replace("\"@@raw" + i + "@@\"", raws.get(i));
        }
        if (r.nextInt(4) == 0) {
            text = duplicateMember(r, text, recipe);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode marker(List<String> raws, String raw) {
        raws.add(raw);
        return MAPPER.getNodeFactory().textNode("@@raw" + (raws.size() - 1) + "@@");
    }

    /** Inserts a second member with the name of an existing one into the same object. */
    private static String duplicateMember(Random r, String text, StringBuilder recipe) {
        List<Integer> starts = new ArrayList<>();
        for (int i = text.indexOf("\":"); i >= 0; i = text.indexOf("\":", i + 1)) {
            int open = text.lastIndexOf('"', i - 1);
            if (open > 0 && (text.charAt(open - 1) == '{' || text.charAt(open - 1) == ',')) {
                starts.add(open);
            }
        }
        if (starts.isEmpty()) {
            return text;
        }
        int at = starts.get(r.nextInt(starts.size()));
        String name = text.substring(at, text.indexOf("\":", at) + 1);
        recipe.append(" | duplicate(").append(name).append(')');
        return text.substring(0, at) + name + ":" + randomValue(r, 2) + "," + text.substring(at);
    }

    /** A place in the tree that holds a value. */
    private static final class Slot {
        final ObjectNode object;
        final String field;
        final ArrayNode array;
        final int index;
        final String path;

        Slot(ObjectNode object, String field, ArrayNode array, int index, String path) {
            this.object = object;
            this.field = field;
            this.array = array;
            this.index = index;
            this.path = path;
        }

        void set(JsonNode value) {
            if (object != null) {
                object.set(field, value);
            } else {
                array.set(index, value);
            }
        }

        void remove() {
            if (object != null) {
                object.remove(field);
            } else {
                array.remove(index);
            }
        }

        String name() {
            return path;
        }
    }

    private static void collect(JsonNode node, List<Slot> slots, List<ObjectNode> objects) {
        collect(node, "", slots, objects);
    }

    private static void collect(JsonNode node, String path, List<Slot> slots, List<ObjectNode> objects) {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            objects.add(object);
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(object.properties())) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                slots.add(new Slot(object, e.getKey(), null, -1, child));
                collect(e.getValue(), child, slots, objects);
            }
        } else if (node instanceof ArrayNode) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                String child = path + "[" + i + "]";
                slots.add(new Slot(null, null, array, i, child));
                collect(array.get(i), child, slots, objects);
            }
        }
    }

    // ------------------------------------------------------------------------------- byte mutations

    private static byte[] mutateBytes(Random r, byte[] input, StringBuilder recipe) {
        byte[] bytes = input;
        int steps = 1 + r.nextInt(3);
        for (int i = 0; i < steps; i++) {
            int op = r.nextInt(7);
            int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
            switch (op) {
                case 0:
                    if (bytes.length > 0) {
                        int bit = r.nextInt(8);
                        bytes = bytes.clone();
                        bytes[at] ^= (byte) (1 << bit);
                        recipe.append(" | flip(")
                                .append(at)
                                .append(',')
                                .append(bit)
                                .append(')');
                    }
                    break;
                case 1:
                    if (bytes.length > 0) {
                        byte value = r.nextBoolean()
                                ? SPECIAL_BYTES[r.nextInt(SPECIAL_BYTES.length)]
                                : (byte) r.nextInt(256);
                        bytes = bytes.clone();
                        bytes[at] = value;
                        recipe.append(" | set(")
                                .append(at)
                                .append(",0x")
                                .append(Integer.toHexString(value & 0xff))
                                .append(')');
                    }
                    break;
                case 2:
                    bytes = Arrays.copyOf(bytes, at);
                    recipe.append(" | truncate(").append(at).append(')');
                    break;
                case 3: {
                    int length = Math.min(bytes.length - at, 1 + r.nextInt(16));
                    bytes = splice(bytes, at, Math.max(length, 0), new byte[0]);
                    recipe.append(" | delete(")
                            .append(at)
                            .append(',')
                            .append(length)
                            .append(')');
                    break;
                }
                case 4: {
                    int length = Math.min(bytes.length - at, 1 + r.nextInt(32));
                    byte[] copy = Arrays.copyOfRange(bytes, at, at + Math.max(length, 0));
                    bytes = splice(bytes, at, 0, copy);
                    recipe.append(" | repeat(")
                            .append(at)
                            .append(',')
                            .append(length)
                            .append(')');
                    break;
                }
                case 5: {
                    byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
                    int quote = indexOf(bytes, (byte) '"', at);
                    int where = quote >= 0 && r.nextBoolean() ? quote + 1 : at;
                    bytes = splice(bytes, where, 0, bad);
                    recipe.append(" | badUtf8(").append(where).append(')');
                    break;
                }
                default: {
                    byte[] insert = r.nextBoolean()
                            ? randomBytes(r)
                            : BROKEN_TOKENS[r.nextInt(BROKEN_TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                    bytes = splice(bytes, at, 0, insert);
                    recipe.append(" | insert(")
                            .append(at)
                            .append(',')
                            .append(insert.length)
                            .append(')');
                    break;
                }
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, at);
        out.write(insert, 0, insert.length);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------ from scratch

    private static byte[] randomBytes(Random r) {
        int length = r.nextInt(r.nextInt(10) == 0 ? 2000 : 64);
        byte[] bytes = new byte[length];
        if (r.nextBoolean()) {
            r.nextBytes(bytes);
        } else {
            String alphabet = "{}[]\":,0123456789.eE+-truefalsn \\u\t\n";
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
        }
        return bytes;
    }

    private static String randomObject(Random r, int depth) {
        StringBuilder out = new StringBuilder("{");
        int fields = r.nextInt(depth == 0 ? 9 : 4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            String name = r.nextInt(5) == 0 ? randomText(r, r.nextInt(10)) : pick(r, FIELDS);
            out.append(quoted(name)).append(':').append(randomValue(r, depth + 1));
        }
        return out.append('}').toString();
    }

    /** A JSON value as text: any type, valid or (rarely) broken. */
    private static String randomValue(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 9 : 12);
        switch (kind) {
            case 0:
                return pick(r, List.of("null", "true", "false"));
            case 1:
                return NUMBERS[r.nextInt(NUMBERS.length)];
            case 2:
                return Long.toString(r.nextLong() >> r.nextInt(64));
            case 3:
                return NUMERIC_STRINGS[r.nextInt(NUMERIC_STRINGS.length)];
            case 4:
                return quoted(pick(r, WORDS));
            case 5:
                return quoted(randomText(r, r.nextInt(40)));
            case 6:
                return hugeNumber(r);
            case 7:
                return r.nextInt(4) == 0 ? BROKEN_TOKENS[r.nextInt(BROKEN_TOKENS.length)] : "{}";
            case 8:
                return r.nextInt(8) == 0 ? nested(r, DEPTHS[r.nextInt(DEPTHS.length)]) : "[]";
            case 9:
            case 10:
                return randomObject(r, depth);
            default: {
                StringBuilder out = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(randomValue(r, depth + 1));
                }
                return out.append(']').toString();
            }
        }
    }

    private static String hugeNumber(Random r) {
        int digits = r.nextBoolean() ? 19 + r.nextInt(30) : 900 + r.nextInt(2000);
        StringBuilder out = new StringBuilder(r.nextBoolean() ? "-" : "");
        out.append(1 + r.nextInt(9));
        for (int i = 1; i < digits; i++) {
            out.append(r.nextInt(10));
        }
        if (r.nextBoolean()) {
            out.append('.').append(r.nextInt(1000));
        }
        if (r.nextBoolean()) {
            out.append('e').append(r.nextBoolean() ? "-" : "").append(r.nextInt(Integer.MAX_VALUE));
        }
        return out.toString();
    }

    private static String nested(Random r, int depth) {
        boolean arrays = r.nextBoolean();
        StringBuilder out = new StringBuilder(depth * 6 + 8);
        for (int i = 0; i < depth; i++) {
            out.append(arrays ? "[" : "{\"a\":");
        }
        out.append(r.nextBoolean() ? "1" : "\"x\"");
        for (int i = 0; i < depth; i++) {
            out.append(arrays ? ']' : '}');
        }
        return out.toString();
    }

    /** Text with ASCII, control characters, non-ASCII, emoji and (rarely) lone surrogates. */
    private static String randomText(Random r, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(20);
            if (kind < 12) {
                out.append((char) ('a' + r.nextInt(26)));
            } else if (kind < 14) {
                out.append((char) r.nextInt(0x20));
            } else if (kind < 16) {
                out.append((char) (0xa0 + r.nextInt(0x2000)));
            } else if (kind < 17) {
                out.appendCodePoint(0x1f600 + r.nextInt(0x50));
            } else if (kind < 18) {
                out.append((char) (0xd800 + r.nextInt(0x800)));
            } else {
                out.append("\"\\/{}:,".charAt(r.nextInt(7)));
            }
        }
        return out.toString();
    }

    private static String longText(Random r, int length) {
        StringBuilder out = new StringBuilder(length);
        char c = (char) ('a' + r.nextInt(26));
        for (int i = 0; i < length; i++) {
            out.append(c);
        }
        return out.toString();
    }

    /** A JSON string literal; control characters escaped, lone surrogates as {@code \\uXXXX} escapes. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] special(Random r, StringBuilder recipe) {
        int kind = r.nextInt(12);
        String text;
        switch (kind) {
            case 0:
                text = pick(
                        r,
                        List.of(
                                "null",
                                "true",
                                "1",
                                "\"text\"",
                                "[]",
                                "[{}]",
                                " ",
                                "\n\t ",
                                "{}{}",
                                "{} x",
                                "{\"clientToken\":\"t\"} {\"clientToken\":\"u\"}",
                                "\ufeff{}",
                                "{\"\":1}"));
                break;
            case 1:
                text = nested(r, DEPTHS[r.nextInt(DEPTHS.length)]);
                break;
            case 2:
                text = "{\"clientToken\":\"t\",\"timestamp\":" + hugeNumber(r) + "}";
                break;
            case 3:
                text = quoted(longText(r, 100_000 + r.nextInt(200_000)));
                break;
            case 4:
                text = "{\"clientToken\":" + quoted(longText(r, 70_000 + r.nextInt(60_000))) + "}";
                break;
            case 5: {
                StringBuilder out = new StringBuilder("{");
                int members = 500 + r.nextInt(4000);
                for (int i = 0; i < members; i++) {
                    out.append(i > 0 ? "," : "")
                            .append("\"f")
                            .append(i)
                            .append("\":")
                            .append(i);
                }
                text = out.append('}').toString();
                break;
            }
            case 6: {
                StringBuilder out = new StringBuilder("{\"statusDetails\":{");
                int members = 10 + r.nextInt(1000);
                for (int i = 0; i < members; i++) {
                    out.append(i > 0 ? "," : "").append("\"k").append(i).append("\":\"v\"");
                }
                text = out.append("},\"status\":\"IN_PROGRESS\"}").toString();
                break;
            }
            case 7: {
                StringBuilder out = new StringBuilder("{\"clientToken\":\"t\"");
                int copies = 2 + r.nextInt(2000);
                for (int i = 0; i < copies; i++) {
                    out.append(",\"clientToken\":\"t").append(i).append('"');
                }
                text = out.append('}').toString();
                break;
            }
            case 8:
                return utf16(r);
            case 9:
                return new byte[1 + r.nextInt(100)];
            case 10: {
                StringBuilder out = new StringBuilder("{\"jobs\":{\"QUEUED\":[");
                int entries = 1 + r.nextInt(3000);
                for (int i = 0; i < entries; i++) {
                    out.append(i > 0 ? "," : "")
                            .append("{\"jobId\":\"j")
                            .append(i)
                            .append("\"}");
                }
                text = out.append("]}}").toString();
                break;
            }
            default:
                text = BROKEN_TOKENS[r.nextInt(BROKEN_TOKENS.length)];
                break;
        }
        recipe.append(" #").append(kind);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(Random r) {
        String text = "{\"clientToken\":\"t\",\"timestamp\":1}";
        return text.getBytes(r.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
