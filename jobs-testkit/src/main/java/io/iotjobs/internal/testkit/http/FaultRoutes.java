package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.testkit.Faults;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * The fault-injection switches over HTTP, for the console's Faults page: {@code GET /console/api/faults} shows
 * them, {@code PUT /console/api/faults} sets those its body names, {@code POST /console/api/faults/reset}
 * switches every one off. The fields and their meaning are those of {@code FaultInjection}:
 * {@code delayRepliesMillis}, {@code throttleAbove} and {@code duplicateEvents} are set; {@code dropNextReplies},
 * {@code loseNextRequests} and {@code failNextRequests} are added to the count still pending, as the Java calls
 * do. Every answer is the switches' new state.
 */
final class FaultRoutes {

    private static final List<String> FIELDS = List.of(
            "delayRepliesMillis",
            "dropNextReplies",
            "loseNextRequests",
            "failNextRequests",
            "throttleAbove",
            "duplicateEvents");
    /** A delay longer than an hour is surely a typing error (a device would have given up long before). */
    private static final long MAX_DELAY_MILLIS = 3_600_000;

    private static final long MAX_COUNT = 1_000_000;

    private final Faults faults;

    FaultRoutes(Faults faults) {
        this.faults = faults;
    }

    void addTo(Router router) {
        router.add("GET", "console/api/faults", "ConsoleFaults", call -> state())
                .add("PUT", "console/api/faults", "ConsoleSetFaults", this::set)
                .add("POST", "console/api/faults/reset", "ConsoleResetFaults", call -> {
                    faults.reset();
                    return state();
                });
    }

    private JsonNode set(HttpCall call) {
        ObjectNode node = call.body();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiError.invalid(name + ": not a fault switch; the switches are " + FIELDS);
            }
        }
        Body body = Body.of(node);
        // every value is checked before any is applied, so that a bad one changes nothing
        Long delay = body.integer("delayRepliesMillis", 0, MAX_DELAY_MILLIS);
        Long drop = body.integer("dropNextReplies", 0, MAX_COUNT);
        Long lose = body.integer("loseNextRequests", 0, MAX_COUNT);
        Long fail = body.integer("failNextRequests", 0, MAX_COUNT);
        Long throttle = body.integer("throttleAbove", 0, MAX_COUNT);
        Boolean duplicate = body.bool("duplicateEvents");
        if (delay != null) {
            faults.delayReplies(Duration.ofMillis(delay));
        }
        if (drop != null) {
            faults.dropReplies(drop.intValue());
        }
        if (lose != null) {
            faults.loseRequests(lose.intValue());
        }
        if (fail != null) {
            faults.failRequests(fail.intValue());
        }
        if (throttle != null) {
            faults.throttleAbove(throttle.intValue());
        }
        if (duplicate != null) {
            faults.duplicateEvents(duplicate);
        }
        return state();
    }

    private ObjectNode state() {
        Faults.State s = faults.state();
        return Json.NODES
                .objectNode()
                .put("delayRepliesMillis", s.replyDelay().toMillis())
                .put("dropNextReplies", s.repliesToDrop())
                .put("loseNextRequests", s.requestsToLose())
                .put("failNextRequests", s.requestsToFail())
                .put("throttleAbove", s.maxRequestsPerSecond())
                .put("duplicateEvents", s.duplicateEvents());
    }
}
