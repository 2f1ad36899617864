package io.iotjobs.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.model.ModelJson;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job document: the JSON object the job's creator attached to the job, delivered to the device by
 * StartNext, Describe, notify-next and (on request) Update.
 *
 * <p>Every JSON value is kept exactly as received: integers beyond 64 bits, decimals with their scale,
 * nested objects and arrays, and {@code null}s survive decoding and encoding unchanged. Read it as a map
 * ({@link #asMap()}, {@link #get(String)}), bind it to your own class ({@link #as(Class)}), or take a copy
 * of the JSON tree ({@link #toJsonNode()}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JobDocument {

    /** The SDK's one mapper: a document binds by the same rules as the SDK's own types. */
    private static final ObjectMapper MAPPER = ModelJson.mapper();
    /** Text given to {@link #parse(String)} must be one JSON value, with nothing after it. */
    private static final ObjectReader TEXT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};
    private static final JobDocument EMPTY = new JobDocument(JsonNodeFactory.instance.objectNode());

    private final ObjectNode tree;

    private JobDocument(ObjectNode tree) {
        this.tree = tree;
    }

    /**
     * The empty document {@code {}}.
     *
     * @return the empty document
     */
    public static JobDocument empty() {
        return EMPTY;
    }

    /**
     * Parses a document from JSON text.
     *
     * @param json a JSON object, e.g. {@code {"operation":"install"}}
     * @return the document
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static JobDocument parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = TEXT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("jobDocument: not valid JSON: " + e.getOriginalMessage(), e);
        }
        return ofOwned(node);
    }

    /**
     * Makes a document from a map (values: strings, numbers, booleans, {@code null}, maps, lists, or any
     * object Jackson can serialize).
     *
     * @param fields the top-level fields
     * @return the document
     * @throws IllegalArgumentException if a value cannot be turned into JSON
     */
    public static JobDocument of(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return ofOwned(MAPPER.valueToTree(fields));
    }

    /**
     * Makes a document from a JSON tree, which is copied.
     *
     * @param node a JSON object node
     * @return the document
     * @throws IllegalArgumentException if the node is not an object
     */
    public static JobDocument of(JsonNode node) {
        Objects.requireNonNull(node, "node");
        return ofOwned(node.deepCopy());
    }

    /**
     * Used by the JSON codec: takes ownership of a freshly parsed node without copying it.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static JobDocument ofOwned(JsonNode node) {
        if (!(node instanceof ObjectNode)) {
            throw new IllegalArgumentException("jobDocument: must be a JSON object, got " + node.getNodeType());
        }
        return new JobDocument((ObjectNode) node);
    }

    @JsonValue
    JsonNode tree() {
        return tree;
    }

    /**
     * The document as a read-only map. Integers are {@code Integer}, {@code Long} or {@code BigInteger}
     * depending on size; decimals are {@code BigDecimal}; objects are maps; arrays are lists.
     *
     * @return a new read-only map
     */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(MAPPER.convertValue(tree, MAP_TYPE));
    }

    /**
     * One top-level field, converted as in {@link #asMap()}.
     *
     * @param field the field name
     * @return the value, or empty when the field is absent or JSON {@code null}
     */
    public Optional<Object> get(String field) {
        JsonNode value = tree.get(Objects.requireNonNull(field, "field"));
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(MAPPER.convertValue(value, Object.class));
    }

    /**
     * One top-level field as text.
     *
     * @param field the field name
     * @return the string value, or empty when the field is absent or not a JSON string
     */
    public Optional<String> getString(String field) {
        JsonNode value = tree.get(Objects.requireNonNull(field, "field"));
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /**
     * Binds the document to a class of yours with Jackson, by the rules the SDK reads its own types with:
     * unknown fields ignored, {@link java.time.Instant}s from integer or fractional epoch seconds, decimals and
     * big integers exact, {@code Optional} fields supported.
     *
     * @param type the target type
     * @param <T> the target type
     * @return a new instance
     * @throws IllegalArgumentException if the document does not fit the type
     */
    public <T> T as(Class<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "jobDocument: cannot bind to " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds the document to a generic type of yours with Jackson, by the same rules as {@link #as(Class)}.
     *
     * @param type the target type
     * @param <T> the target type
     * @return a new instance
     * @throws IllegalArgumentException if the document does not fit the type
     */
    public <T> T as(TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            return MAPPER.readerFor(type).readValue(tree);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "jobDocument: cannot bind to " + type.getType() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A copy of the JSON tree, yours to change.
     *
     * @return a deep copy
     */
    public ObjectNode toJsonNode() {
        return tree.deepCopy();
    }

    /**
     * The document as compact JSON text.
     *
     * @return JSON text
     */
    public String toJson() {
        return tree.toString();
    }

    /**
     * The size of the compact UTF-8 encoding, which the service limits to 32 KiB.
     *
     * @return bytes
     */
    public int encodedSize() {
        return toJson().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof JobDocument && tree.equals(((JobDocument) other).tree);
    }

    @Override
    public int hashCode() {
        return tree.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
