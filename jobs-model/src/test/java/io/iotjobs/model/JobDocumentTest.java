package io.iotjobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobDocumentTest {

    private static final String EXACT = "{\"maxLong\":9223372036854775807,\"beyondLong\":18446744073709551616,"
            + "\"small\":7,\"version\":1.10,\"pi\":3.14159265358979323846264338327950288,\"nothing\":null,"
            + "\"matrix\":[[1,2],[3,[4,null]],[]],\"nested\":{\"flag\":true,\"list\":[\"a\",{\"b\":false}]},"
            + "\"text\":\"h\u00e9llo\"}";

    /** A class of the user's, for typed binding. */
    record Firmware(String operation, String url, long size, List<String> mirrors) {}

    // ------------------------------------------------------------------------------------------- creation

    @Test
    void parseKeepsTheText() {
        JobDocument document =
                JobDocument.parse("{ \"operation\" : \"install\", \"url\" : \"https://example/fw.bin\" }");

        assertThat(document.toJson()).isEqualTo("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\"}");
        assertThat(document.toString()).isEqualTo(document.toJson());
        assertThat(document.getString("operation")).isEqualTo(Optional.of("install"));
    }

    @Test
    void emptyDocument() {
        assertThat(JobDocument.empty().toJson()).isEqualTo("{}");
        assertThat(JobDocument.empty().asMap()).isEmpty();
        assertThat(JobDocument.empty()).isEqualTo(JobDocument.parse("{}"));
    }

    @Test
    void ofMap() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("operation", "install");
        fields.put("size", 1024L);
        fields.put("ratio", new BigDecimal("1.10"));
        fields.put("huge", new BigInteger("123456789012345678901234567890"));
        fields.put("steps", List.of("download", "verify"));
        fields.put("options", Map.of("reboot", true));
        fields.put("nothing", null);

        JobDocument document = JobDocument.of(fields);

        assertThat(document.toJson())
                .isEqualTo("{\"operation\":\"install\",\"size\":1024,\"ratio\":1.10,"
                        + "\"huge\":123456789012345678901234567890,\"steps\":[\"download\",\"verify\"],"
                        + "\"options\":{\"reboot\":true},\"nothing\":null}");
        fields.put("operation", "changed");
        assertThat(document.getString("operation")).isEqualTo(Optional.of("install"));
    }

    @Test
    void ofJsonNodeCopiesTheNode() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("operation", "install");
        node.putArray("list").add(1);

        JobDocument document = JobDocument.of(node);
        node.put("operation", "changed");
        ((ArrayNode) node.get("list")).add(2);

        assertThat(document.toJson()).isEqualTo("{\"operation\":\"install\",\"list\":[1]}");
    }

    // ------------------------------------------------------------------------------------------- exactness

    @Test
    void numbersStayExact() {
        JobDocument document = JobDocument.parse(EXACT);
        Map<String, Object> map = document.asMap();

        assertThat(map.get("small")).isInstanceOf(Integer.class).isEqualTo(7);
        assertThat(map.get("maxLong")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
        assertThat(map.get("beyondLong")).isInstanceOf(BigInteger.class).isEqualTo(BigInteger.ONE.shiftLeft(64));
        // BigDecimal.equals compares the scale: 1.10 must not become 1.1
        assertThat(map.get("version")).isEqualTo(new BigDecimal("1.10"));
        assertThat(((BigDecimal) map.get("version")).scale()).isEqualTo(2);
        assertThat(map.get("pi")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
    }

    @Test
    void nullsArraysAndObjectsAreKept() {
        Map<String, Object> map = JobDocument.parse(EXACT).asMap();

        assertThat(map).containsEntry("nothing", null);
        assertThat(map.get("matrix")).isEqualTo(List.of(List.of(1, 2), List.of(3, Arrays.asList(4, null)), List.of()));
        assertThat(map.get("nested")).isEqualTo(Map.of("flag", true, "list", List.of("a", Map.of("b", false))));
        assertThat(map.get("text")).isEqualTo("h\u00e9llo");
    }

    @Test
    void theTextIsWrittenBackExactly() {
        assertThat(JobDocument.parse(EXACT).toJson()).isEqualTo(EXACT);
        assertThat(JobDocument.parse(JobDocument.parse(EXACT).toJson())).isEqualTo(JobDocument.parse(EXACT));
    }

    @Test
    void encodedSizeCountsUtf8Bytes() {
        assertThat(JobDocument.parse("{\"k\":\"\u00e9\"}").encodedSize()).isEqualTo(10);
        assertThat(JobDocument.empty().encodedSize()).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------- access

    @Test
    void asMapIsReadOnlyAndIndependent() {
        JobDocument document = JobDocument.parse("{\"a\":1,\"nested\":{\"b\":2}}");
        Map<String, Object> map = document.asMap();

        assertThatThrownBy(() -> map.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) map.get("nested");
        try {
            nested.put("b", 99);
        } catch (UnsupportedOperationException readOnly) {
            // also fine: what matters is that the document does not change
        }
        assertThat(document.toJson()).isEqualTo("{\"a\":1,\"nested\":{\"b\":2}}");
        assertThat(document.asMap()).isNotSameAs(map);
    }

    @Test
    void get() {
        JobDocument document = JobDocument.parse(EXACT);

        assertThat(document.get("small")).isEqualTo(Optional.of(7));
        assertThat(document.get("maxLong")).isEqualTo(Optional.of(Long.MAX_VALUE));
        assertThat(document.get("version")).isEqualTo(Optional.of(new BigDecimal("1.10")));
        assertThat(document.get("text")).isEqualTo(Optional.of("h\u00e9llo"));
        assertThat(document.get("nested"))
                .isEqualTo(Optional.of(Map.of("flag", true, "list", List.of("a", Map.of("b", false)))));
        assertThat(document.get("nothing")).isEmpty();
        assertThat(document.get("absent")).isEmpty();
    }

    @Test
    void getString() {
        JobDocument document = JobDocument.parse(EXACT);

        assertThat(document.getString("text")).isEqualTo(Optional.of("h\u00e9llo"));
        assertThat(document.getString("small")).isEmpty();
        assertThat(document.getString("nested")).isEmpty();
        assertThat(document.getString("nothing")).isEmpty();
        assertThat(document.getString("absent")).isEmpty();
    }

    @Test
    void bindsToAClass() {
        JobDocument document = JobDocument.parse("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\","
                + "\"size\":9223372036854775807,\"mirrors\":[\"m1\",\"m2\"],\"unknownField\":{\"x\":1}}");

        Firmware firmware = document.as(Firmware.class);

        assertThat(firmware)
                .isEqualTo(new Firmware("install", "https://example/fw.bin", Long.MAX_VALUE, List.of("m1", "m2")));
    }

    @Test
    void bindsToAGenericType() {
        JobDocument document = JobDocument.parse("{\"a\":[1,2],\"b\":[]}");

        Map<String, List<Long>> bound = document.as(new TypeReference<Map<String, List<Long>>>() {});

        assertThat(bound).isEqualTo(Map.of("a", List.of(1L, 2L), "b", List.of()));
        assertThat(bound.get("a").get(0)).isInstanceOf(Long.class);
    }

    @Test
    void bindingFailuresNameTheDocument() {
        JobDocument document = JobDocument.parse("{\"size\":\"big\"}");

        assertThatThrownBy(() -> document.as(Firmware.class))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobDocument:")
                .hasMessageContaining(Firmware.class.getName());
        assertThatThrownBy(() -> document.as(new TypeReference<Map<String, Integer>>() {}))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobDocument:");
    }

    @Test
    void toJsonNodeIsACopy() {
        JobDocument document = JobDocument.parse("{\"a\":1,\"list\":[1]}");

        ObjectNode copy = document.toJsonNode();
        copy.put("a", 2);
        ((ArrayNode) copy.get("list")).add(2);

        assertThat(document.toJson()).isEqualTo("{\"a\":1,\"list\":[1]}");
        assertThat(document.toJsonNode()).isNotSameAs(document.toJsonNode());
        assertThat(document.toJsonNode()).isEqualTo(document.toJsonNode());
    }

    @Test
    void boundValuesAreIndependent() {
        JobDocument document = JobDocument.parse("{\"a\":[1]}");

        Map<String, List<Integer>> bound = document.as(new TypeReference<Map<String, List<Integer>>>() {});
        bound.get("a").add(2);

        assertThat(document.toJson()).isEqualTo("{\"a\":[1]}");
    }

    // ------------------------------------------------------------------------------------ equality, errors

    @Test
    void equalsAndHashCode() {
        JobDocument one = JobDocument.parse("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":null}}");
        JobDocument sameInAnotherOrder = JobDocument.parse("{\"c\":{\"d\":null},\"b\":[1,2],\"a\":1}");
        JobDocument fromMap = JobDocument.of(Map.of("a", 1, "b", List.of(1, 2), "c", nullValued("d")));

        assertThat(one)
                .isEqualTo(sameInAnotherOrder)
                .isEqualTo(fromMap)
                .hasSameHashCodeAs(sameInAnotherOrder)
                .hasSameHashCodeAs(fromMap);
        assertThat(one).isEqualTo(one);
        assertThat(one).isNotEqualTo(JobDocument.parse("{\"a\":1,\"b\":[2,1],\"c\":{\"d\":null}}"));
        assertThat(one).isNotEqualTo(JobDocument.parse("{\"a\":2,\"b\":[1,2],\"c\":{\"d\":null}}"));
        assertThat(one).isNotEqualTo(JobDocument.parse("{\"a\":1,\"b\":[1,2],\"c\":{}}"));
        assertThat(JobDocument.parse("{\"a\":1}")).isNotEqualTo(JobDocument.parse("{\"a\":\"1\"}"));
        assertThat(one).isNotEqualTo(null);
        assertThat(one).isNotEqualTo(one.toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "[]", "1", "\"text\"", "true", "null", "", "   "})
    void nonObjectsAreRejected(String json) {
        assertThatThrownBy(() -> JobDocument.parse(json))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobDocument:");
    }

    @Test
    void nonObjectNodesAreRejected() throws Exception {
        JsonNode array = JsonMapper.builder().build().readTree("[1]");

        assertThatThrownBy(() -> JobDocument.of(array))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobDocument:")
                .hasMessageContaining("ARRAY");
        assertThatThrownBy(() -> JobDocument.of(JsonNodeFactory.instance.textNode("x")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobDocument:");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"a\":}",
                "{'a':1}",
                "{a:1}",
                "{\"a\":1,}",
                "{\"a\":1}}",
                "{\"a\":1} trailing",
                "{\"a\":1} {\"b\":2}",
                "{\"a\":01}",
                "{\"a\":NaN}"
            })
    void badJsonIsRejected(String json) {
        assertThatThrownBy(() -> JobDocument.parse(json))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobDocument:");
    }

    @Test
    void nullArgumentsAreNullPointerExceptions() {
        JobDocument document = JobDocument.empty();

        assertThatThrownBy(() -> JobDocument.parse(null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JobDocument.of((Map<String, ?>) null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JobDocument.of((JsonNode) null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> document.get(null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> document.getString(null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> document.as((Class<?>) null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> document.as((TypeReference<?>) null)).isExactlyInstanceOf(NullPointerException.class);
    }

    private static Map<String, Object> nullValued(String key) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, null);
        return map;
    }
}
