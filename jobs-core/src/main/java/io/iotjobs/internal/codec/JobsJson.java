package io.iotjobs.internal.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.model.JobsRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
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

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(protocolModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private JobsJson() {
    }

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
    public static <Q extends JobsRequest> Q decodeRequest(Operation<Q, ?> operation, String topic, byte[] payload,
            String thingName, String jobId) {
        // One pass over the payload into a token buffer, leaving out any thingName / jobId it carries and adding
        // the topic's at the end; the buffer is then bound like a reply. (Parsing into a tree and binding the
        // tree did the same work twice.)
        TokenBuffer buffer;
        try (JsonParser parser = MAPPER.createParser(payload.length == 0 ? EMPTY_OBJECT : payload)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new JobsDecodeException(topic, payload, null, false,
                        "a request must be a JSON object, got " + shape(first), null);
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
            case START_ARRAY: return JsonNodeType.ARRAY;
            case VALUE_STRING: return JsonNodeType.STRING;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return JsonNodeType.NUMBER;
            case VALUE_TRUE:
            case VALUE_FALSE: return JsonNodeType.BOOLEAN;
            case VALUE_NULL: return JsonNodeType.NULL;
            default: return JsonNodeType.POJO;
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
            return new JobsDecodeException(topic, payload, null, true,
                    firstLine(((JsonProcessingException) e).getOriginalMessage()), e);
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

    private static SimpleModule protocolModule() {
        SimpleModule module = new SimpleModule("iot-jobs-protocol");
        module.addSerializer(Instant.class, new EpochSecondsSerializer());
        module.addDeserializer(Instant.class, new EpochSecondsDeserializer());
        module.setSerializerModifier(new TopicParametersOmitted());
        return module;
    }

    /** Writes an instant as integer epoch seconds. */
    private static final class EpochSecondsSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(value.getEpochSecond());
        }
    }

    /** Reads integer or fractional epoch seconds (as a number or a numeric string). */
    private static final class EpochSecondsDeserializer extends JsonDeserializer<Instant> {
        private static final BigDecimal MIN = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
        private static final BigDecimal MAX = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochSecond(p.getLongValue());
            }
            BigDecimal seconds;
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                seconds = p.getDecimalValue();
            } else if (token == JsonToken.VALUE_STRING) {
                try {
                    seconds = new BigDecimal(p.getText().trim());
                } catch (NumberFormatException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(),
                            "expected epoch seconds");
                }
            } else {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            if (seconds.compareTo(MIN) < 0 || seconds.compareTo(MAX) > 0) {
                return (Instant) ctxt.handleWeirdNumberValue(Instant.class, seconds, "epoch seconds out of range");
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
    }

    /** Leaves a request's topic parameters ({@code thingName}, {@code jobId}) out of its payload. */
    private static final class TopicParametersOmitted extends BeanSerializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription beanDesc,
                List<BeanPropertyWriter> beanProperties) {
            if (JobsRequest.class.isAssignableFrom(beanDesc.getBeanClass())) {
                beanProperties.removeIf(p -> p.getName().equals("thingName") || p.getName().equals("jobId"));
            }
            return beanProperties;
        }
    }
}
