package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.protocol.Validation;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reading the path and query of a request: flags, ids, execution numbers, status filters, paging (the body is
 * read by {@link Body}). Every failure is an {@code InvalidRequestException} whose message starts with the field.
 */
final class Fields {

    private static final int MAX_PAGE = 250;

    private Fields() {}

    /** The {@code force} query flag. */
    static boolean force(HttpCall call) {
        return flag(call, "force");
    }

    /** A {@code true}/{@code false} query flag, false when absent. */
    static boolean flag(HttpCall call, String name) {
        String value = call.query(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.invalid(name + ": must be true or false, got " + value);
    }

    /** A positive execution number. */
    static long executionNumber(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalid("executionNumber: must be a positive integer, got " + text);
    }

    /** The {@code status} query filter, one of the allowed values, or {@code null}. */
    static String statusFilter(HttpCall call, Set<String> allowed) {
        String status = call.query("status");
        if (status != null && !allowed.contains(status)) {
            throw ApiError.invalid("status: must be one of " + new TreeSet<>(allowed) + ", got " + status);
        }
        return status;
    }

    /** A job id of a path or query. */
    static String jobId(String jobId) {
        return checked(() -> Validation.jobId("jobId", jobId, false));
    }

    /** A thing name of a path or query. */
    static String thingName(String thingName) {
        return checked(() -> Validation.thingName("thingName", thingName));
    }

    /** Runs a check that throws {@link IllegalArgumentException}, as an {@code InvalidRequestException}. */
    static <T> T checked(Supplier<T> validation) {
        try {
            return validation.get();
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    /** Pages a list with {@code maxResults} and {@code nextToken} (the token is the index of the next item). */
    static ObjectNode page(List<? extends JsonNode> items, String field, HttpCall call) {
        int from = 0;
        String token = call.query("nextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > items.size()) {
                throw ApiError.invalid("nextToken: not a token this API returned, got " + token);
            }
        }
        int size = MAX_PAGE;
        String max = call.query("maxResults");
        if (max != null) {
            try {
                size = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > MAX_PAGE) {
                throw ApiError.invalid("maxResults: must be an integer in 1.." + MAX_PAGE + ", got " + max);
            }
        }
        int to = Math.min(items.size(), from + size);
        ObjectNode answer = Json.NODES.objectNode();
        ArrayNode list = answer.putArray(field);
        items.subList(from, to).forEach(list::add);
        if (to < items.size()) {
            answer.put("nextToken", Integer.toString(to));
        }
        return answer;
    }
}
