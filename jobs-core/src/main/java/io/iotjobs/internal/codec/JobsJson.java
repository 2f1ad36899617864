package io.iotjobs.internal.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.internal.model.ModelJson;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.JobsRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the SDK, in both directions: the client writes requests and reads replies and
 * events; the local service reads requests and writes replies and events.
 *
 * <p>Reading is lenient the way the service and real SDKs need: a 0-byte payload is {@code {}}, unknown
 * fields are ignored, numbers may arrive as strings ({@code "expectedVersion":"1"}), timestamps may be
 * integer or fractional epoch seconds, unknown enum values become {@code UNKNOWN}. Writing is strict:
 * integer epoch seconds, absent values left out, and a request's {@code thingName} and {@code jobId}
 * (topic parameters) never written.
 *
 * <p>Thread-safe.
 */
public final class JobsJson {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};
    private static final Pattern MISSING_ATTRIBUTES = Pattern.compile("required attributes are not set \\[([^]]*)]");

    /** The model's mapper (its rules are in {@link ModelJson}), shared with {@code JobDocument}. */
    private static final ObjectMapper MAPPER = ModelJson.mapper();

    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private JobsJson() {}

    /**
     * Encodes a model value (request, reply, event or rejection).
     *
     * @param value the value
     * @return UTF-8 JSON
     */
    public static byte[] encode(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a reply, event or rejection.
     *
     * @param topic the topic it arrived on (for the error)
     * @param payload the payload; 0 bytes read as {@code {}}
     * @param type the model type
     * @param <T> the model type
     * @return the value
     * @throws JobsDecodeException if the payload is not JSON or does not fit the type (JSON {@code null}
     *     included)
     */
    public static <T> T decode(String topic, byte[] payload, Class<T> type) {
        byte[] json = payload.length == 0 ? EMPTY_OBJECT : payload;
        T value;
        try {
            value = reader(type).readValue(json);
        } catch (IOException | RuntimeException e) {
            throw failure(topic, payload, e);
        }
        if (value == null) {
            throw new JobsDecodeException(topic, payload, null, false, "expected a JSON object, got null", null);
        }
        return value;
    }

    /**
     * Decodes a request as the service receives it: the topic's thing name and job id (not the payload's,
     * if it has them) fill the request's topic parameters.
     *
     * @param operation the operation the topic names
     * @param topic the request topic
     * @param payload the payload; 0 bytes read as {@code {}}
     * @param thingName the topic's thing name
     * @param jobId the topic's job id, or {@code null}
     * @param <Q> the request type
     * @return the request
     * @throws JobsDecodeException if the payload is not a JSON object, or a field has the wrong type or a
     *     required field is missing
     */
    public static <Q extends JobsRequest> Q decodeRequest(
            Operation<Q, ?> operation, String topic, byte[] payload, String thingName, String jobId) {
        // One pass over the payload into a token buffer, leaving out any thingName / jobId it carries and adding
        // the topic's at the end; the buffer is then bound like a reply. (Parsing into a tree and binding the
        // tree did the same work twice.)
        TokenBuffer buffer;
        try (JsonParser parser = MAPPER.createParser(payload.length == 0 ? EMPTY_OBJECT : payload)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new JobsDecodeException(
                        topic, payload, null, false, "a request must be a JSON object, got " + shape(first), null);
            }
            buffer = new TokenBuffer(parser);
            buffer.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("thingName") || name.equals("jobId")) {
                    parser.skipChildren();
                } else {
                    buffer.writeFieldName(name);
                    buffer.copyCurrentStructure(parser);
                }
            }
            buffer.writeStringField("thingName", thingName);
            if (jobId != null) {
                buffer.writeStringField("jobId", jobId);
            }
            buffer.writeEndObject();
        } catch (IOException | RuntimeException e) {
            if (e instanceof JobsDecodeException) {
                throw (JobsDecodeException) e;
            }
            throw failure(topic, payload, e);
        }
        try (JsonParser replay = buffer.asParser()) {
            return reader(operation.requestType()).readValue(replay);
        } catch (IOException | RuntimeException e) {
            throw failure(topic, payload, e);
        }
    }

    /** The kind of JSON value a token starts, named as {@link JsonNodeType} names it. */
    private static JsonNodeType shape(JsonToken first) {
        if (first == null) {
            return JsonNodeType.MISSING;
        }
        switch (first) {
            case START_ARRAY:
                return JsonNodeType.ARRAY;
            case VALUE_STRING:
                return JsonNodeType.STRING;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return JsonNodeType.NUMBER;
            case VALUE_TRUE:
            case VALUE_FALSE:
                return JsonNodeType.BOOLEAN;
            case VALUE_NULL:
                return JsonNodeType.NULL;
            default:
                return JsonNodeType.POJO;
        }
    }

    /**
     * Best effort: the top-level {@code clientToken} of a payload that may not decode as a whole.
     *
     * @param payload any bytes
     * @return the token, or {@code null} if there is none or the payload is not a JSON object
     */
    public static String peekClientToken(byte[] payload) {
        try (JsonParser parser = MAPPER.getFactory().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("clientToken".equals(name) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ObjectReader reader(Class<?> type) {
        return READERS.computeIfAbsent(type, MAPPER::readerFor);
    }

    private static JobsDecodeException failure(String topic, byte[] payload, Exception e) {
        JsonParseException syntax = syntaxError(e);
        if (syntax != null) {
            // a syntax error met inside a value (an unterminated string, say) arrives wrapped in a mapping error
            return new JobsDecodeException(topic, payload, null, true, firstLine(syntax.getOriginalMessage()), e);
        }
        if (e instanceof JsonMappingException) {
            JsonMappingException mapping = (JsonMappingException) e;
            String field = path(mapping.getPath());
            String reason = mapping.getOriginalMessage();
            Matcher missing = MISSING_ATTRIBUTES.matcher(String.valueOf(reason));
            if (missing.find()) {
                String names = missing.group(1);
                field = field == null ? names : field + "." + names;
                reason = "required field missing";
            }
            return new JobsDecodeException(topic, payload, field, false, firstLine(reason), e);
        }
        if (e instanceof JsonProcessingException) {
            return new JobsDecodeException(
                    topic, payload, null, true, firstLine(((JsonProcessingException) e).getOriginalMessage()), e);
        }
        if (e instanceof IOException) {
            // the streaming parser reports bad UTF-8 and similar as plain I/O errors
            return new JobsDecodeException(topic, payload, null, true, firstLine(e.getMessage()), e);
        }
        return new JobsDecodeException(topic, payload, null, false, firstLine(String.valueOf(e.getMessage())), e);
    }

    private static JsonParseException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException) {
                return (JsonParseException) t;
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> path) {
        String joined = path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .filter(s -> !s.equals("[-1]"))
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return joined.isEmpty() ? null : joined;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid payload";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
