package io.iotjobs.internal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.iotjobs.model.JobsRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The SDK's one configured Jackson mapper: the JSON codec of {@code jobs-core} reads and writes the model
 * with it, and {@link io.iotjobs.model.JobDocument} converts and binds documents with it, so that a user's
 * class bound from a job document follows the same rules as the SDK's own types.
 *
 * <p>It lives here, beside the model, because the model cannot depend on the core. The rules:
 * <ul>
 *   <li>unknown properties are ignored, unknown enum values read as the enum's default ({@code UNKNOWN});
 *   <li>{@link Instant}s are written as integer epoch seconds and read from integer or fractional epoch
 *       seconds, as a number or a numeric string;
 *   <li>decimals are read as {@link BigDecimal} with their scale, integers beyond 64 bits as
 *       {@link java.math.BigInteger}: nothing is rounded;
 *   <li>{@code Optional}, {@code OptionalInt}, {@code OptionalLong} are supported, and absent properties are
 *       left out when writing (a map's entries, {@code null}s included, are all written);
 *   <li>a request's topic parameters ({@code thingName}, {@code jobId}) are never written.
 * </ul>
 *
 * <p>Thread-safe. Callers must not reconfigure the mapper; derive readers and writers from it instead.
 */
public final class ModelJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(protocolModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            // absent properties left out; the entries of a map (a job document's, a user's) kept as they are
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.USE_DEFAULTS))
            .build();

    private ModelJson() {}

    /**
     * The mapper.
     *
     * @return the one configured mapper (shared; not to be reconfigured)
     */
    public static ObjectMapper mapper() {
        return MAPPER;
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
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "expected epoch seconds");
                }
            } else {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            if (seconds.compareTo(MIN) < 0 || seconds.compareTo(MAX) > 0) {
                return (Instant) ctxt.handleWeirdNumberValue(Instant.class, seconds, "epoch seconds out of range");
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
    }

    /** Leaves a request's topic parameters ({@code thingName}, {@code jobId}) out of its payload. */
    private static final class TopicParametersOmitted extends BeanSerializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public List<BeanPropertyWriter> changeProperties(
                SerializationConfig config, BeanDescription beanDesc, List<BeanPropertyWriter> beanProperties) {
            if (JobsRequest.class.isAssignableFrom(beanDesc.getBeanClass())) {
                beanProperties.removeIf(
                        p -> p.getName().equals("thingName") || p.getName().equals("jobId"));
            }
            return beanProperties;
        }
    }
}
