package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object of a request body with its path in the body ({@code ""} for the body, then for example
 * {@code abortConfig.criteriaList[0].}), so that every message names the field in full. Each getter checks the
 * JSON type only; absent and {@code null} fields read as {@code null}. Failures are
 * {@code InvalidRequestException}s.
 */
final class Body {

    private final ObjectNode node;
    private final String path;

    private Body(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Body of(ObjectNode body) {
        return new Body(body, "");
    }

    /** The full name of a field of this object. */
    String name(String field) {
        return path + field;
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** The raw value of a field, or {@code null}. */
    JsonNode raw(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String text(String field) {
        return text(raw(field), name(field));
    }

    String requiredText(String field) {
        String text = text(field);
        if (text == null) {
            throw ApiError.invalid(name(field) + ": required");
        }
        return text;
    }

    Body object(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw ApiError.invalid(name(field) + ": must be an object, got " + value.getNodeType());
        }
        return new Body((ObjectNode) value, name(field) + ".");
    }

    Body requiredObject(String field) {
        Body object = object(field);
        if (object == null) {
            throw ApiError.invalid(name(field) + ": required");
        }
        return object;
    }

    /** A list of objects, or {@code null}. */
    List<Body> objects(String field) {
        ArrayNode array = array(field);
        if (array == null) {
            return null;
        }
        List<Body> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemName = name(field) + "[" + i + "]";
            if (!item.isObject()) {
                throw ApiError.invalid(itemName + ": must be an object, got " + item.getNodeType());
            }
            values.add(new Body((ObjectNode) item, itemName + "."));
        }
        return values;
    }

    /** A list of strings, or {@code null}. */
    List<String> texts(String field) {
        ArrayNode array = array(field);
        if (array == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String value = text(array.get(i), name(field) + "[" + i + "]");
            if (value == null) {
                throw ApiError.invalid(name(field) + "[" + i + "]: must be a string, got null");
            }
            values.add(value);
        }
        return values;
    }

    Long integer(String field, long min, long max) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToExactIntegral()
                || !value.canConvertToLong()
                || value.asLong() < min
                || value.asLong() > max) {
            throw ApiError.invalid(name(field) + ": must be an integer in " + min + ".." + max + ", got " + value);
        }
        return value.asLong();
    }

    Double number(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiError.invalid(name(field) + ": must be a number, got " + value.getNodeType());
        }
        return value.asDouble();
    }

    Boolean bool(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiError.invalid(name(field) + ": must be true or false, got " + value);
        }
        return value.asBoolean();
    }

    /** A string-to-string map, or {@code null}; a value of another type names its key. */
    Map<String, String> stringMap(String field) {
        Body object = object(field);
        if (object == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        object.node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiError.invalid(object.name(e.getKey()) + ": must be a string, got "
                        + e.getValue().getNodeType());
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    private ArrayNode array(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw ApiError.invalid(name(field) + ": must be a list, got " + value.getNodeType());
        }
        return (ArrayNode) value;
    }

    private static String text(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.invalid(name + ": must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }
}
