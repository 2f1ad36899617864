package io.iotjobs.internal.protocol;

import java.util.Optional;

/**
 * Builds the common topic prefix and parses any topic under {@code $aws/things/}.
 *
 * <p>Parsing goes by the number of segments after {@code jobs/}, so a job named {@code get},
 * {@code update} or {@code notify} is never mistaken for an operation.
 */
public final class Topics {
    private static final String THINGS = "$aws/things/";
    private static final String JOBS = "/jobs/";
    /**
     * Filter that covers every Jobs topic of every thing (what the service subscribes to). Not a compile-time
     * constant, so that it stays in this class and is not copied into the classes that use it.
     */
    public static final String ALL_JOBS_FILTER = String.join("/", "$aws", "things", "+", "jobs", "#");

    private Topics() {}

    static String base(String thingName) {
        return THINGS + thingName + JOBS;
    }

    /**
     * Parses a topic.
     *
     * @param topic any topic
     * @return the parsed topic, or empty when it is not under {@code $aws/things/{thing}/jobs/}
     */
    public static Optional<TopicRef> parse(String topic) {
        if (!topic.startsWith(THINGS)) {
            return Optional.empty();
        }
        int thingEnd = topic.indexOf('/', THINGS.length());
        if (thingEnd < 0 || !topic.startsWith(JOBS, thingEnd)) {
            return Optional.empty();
        }
        String thing = topic.substring(THINGS.length(), thingEnd);
        String[] rest = topic.substring(thingEnd + JOBS.length()).split("/", -1);
        return Optional.of(classify(thing, rest));
    }

    private static TopicRef classify(String thing, String[] s) {
        switch (s.length) {
            case 1:
                if (s[0].equals(Operation.GET_PENDING.suffix())) {
                    return TopicRef.request(thing, Operation.GET_PENDING, null);
                }
                if (s[0].equals(Operation.START_NEXT.suffix())) {
                    return TopicRef.request(thing, Operation.START_NEXT, null);
                }
                if (s[0].equals(EventType.JOB_EXECUTIONS_CHANGED.suffix())) {
                    return TopicRef.event(thing, EventType.JOB_EXECUTIONS_CHANGED);
                }
                if (s[0].equals(EventType.NEXT_JOB_EXECUTION_CHANGED.suffix())) {
                    return TopicRef.event(thing, EventType.NEXT_JOB_EXECUTION_CHANGED);
                }
                return TopicRef.unknown(thing);
            case 2: {
                ReplyKind kind = replyKind(s[1]);
                if (kind != null) {
                    Operation<?, ?> op = s[0].equals(Operation.GET_PENDING.suffix())
                            ? Operation.GET_PENDING
                            : s[0].equals(Operation.START_NEXT.suffix()) ? Operation.START_NEXT : null;
                    return op == null ? TopicRef.unknown(thing) : TopicRef.reply(thing, op, null, kind);
                }
                Operation<?, ?> op = jobOperation(s[1]);
                return op == null || s[0].isEmpty() ? TopicRef.unknown(thing) : TopicRef.request(thing, op, s[0]);
            }
            case 3: {
                Operation<?, ?> op = jobOperation(s[1]);
                ReplyKind kind = replyKind(s[2]);
                return op == null || kind == null || s[0].isEmpty()
                        ? TopicRef.unknown(thing)
                        : TopicRef.reply(thing, op, s[0], kind);
            }
            default:
                return TopicRef.unknown(thing);
        }
    }

    private static Operation<?, ?> jobOperation(String segment) {
        if (segment.equals(Operation.DESCRIBE.suffix())) {
            return Operation.DESCRIBE;
        }
        return segment.equals(Operation.UPDATE.suffix()) ? Operation.UPDATE : null;
    }

    private static ReplyKind replyKind(String segment) {
        for (ReplyKind kind : ReplyKind.values()) {
            if (kind.suffix().equals(segment)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * Whether a topic matches an MQTT topic filter ({@code +} one level, {@code #} the rest). As in MQTT, a
     * filter that starts with a wildcard does not match a topic that starts with {@code $}.
     *
     * @param filter the filter
     * @param topic the topic
     * @return true if it matches
     */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (f < fl) {
            char c = filter.charAt(f);
            if (c == '#') {
                return true;
            }
            if (c == '+') {
                while (t < tl && topic.charAt(t) != '/') {
                    t++;
                }
                f++;
            } else {
                if (t >= tl || topic.charAt(t) != c) {
                    // "a/#" also matches "a"
                    return t == tl && c == '/' && f + 2 == fl && filter.charAt(f + 1) == '#';
                }
                f++;
                t++;
            }
        }
        return t == tl;
    }
}
