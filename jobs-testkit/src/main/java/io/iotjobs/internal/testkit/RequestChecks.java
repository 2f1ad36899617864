package io.iotjobs.internal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * What the device requests' lenient decoding lets through but AWS refuses: {@code statusDetails} values that are
 * not strings (the API types {@code statusDetails} as a map of strings to strings,
 * https://docs.aws.amazon.com/iot/latest/apireference/API_iot-jobs-data_UpdateJobExecution.html), which would
 * otherwise be turned into strings.
 */
final class RequestChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestChecks() {}

    /**
     * The InvalidRequest message for a request whose status details hold a value that is not a string.
     *
     * @param payload the request payload (already known to be a JSON object)
     * @return the message naming the key, or {@code null} when every value is a string
     */
    static String nonStringStatusDetail(byte[] payload) {
        JsonNode details;
        try {
            details = payload.length == 0 ? null : JSON.readTree(payload).get("statusDetails");
        } catch (IOException e) {
            return null;
        }
        if (details == null || !details.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : details.properties()) {
            if (!entry.getValue().isTextual()) {
                return "statusDetails." + entry.getKey() + ": must be a string, got "
                        + entry.getValue().getNodeType();
            }
        }
        return null;
    }
}
