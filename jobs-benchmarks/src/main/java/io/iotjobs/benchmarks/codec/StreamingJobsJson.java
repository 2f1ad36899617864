package io.iotjobs.benchmarks.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The practical limit for the SDK's codec: a hand-written Jackson streaming parser and generator for every
 * message of the Jobs device API, producing the same model objects (through the same builders) and the same
 * bytes as {@code JobsJson}. It is as lenient as the codec where that costs a branch (numbers as strings,
 * fractional timestamps, unknown fields skipped, {@code null} read as absent, 0 bytes read as {@code {}}), but
 * its error reporting is minimal: it exists to be measured against, not to be used.
 *
 * <p>Thread-safe.
 */
public final class StreamingJobsJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] EMPTY_OBJECT = {'{', '}'};
    private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private StreamingJobsJson() {}

    // ------------------------------------------------------------------------------------ requests, read

    /**
     * Reads a GetPendingJobExecutions request as the service receives it.
     *
     * @param payload the payload
     * @param thingName the topic's thing name
     * @return the request
     */
    public static GetPendingJobExecutionsRequest readGetPendingRequest(byte[] payload, String thingName) {
        GetPendingJobExecutionsRequest.Builder b =
                GetPendingJobExecutionsRequest.builder().thingName(thingName);
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if ("clientToken".equals(name)) {
                    b.clientToken(text(p));
                } else {
                    p.skipChildren();
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a StartNextPendingJobExecution request as the service receives it.
     *
     * @param payload the payload
     * @param thingName the topic's thing name
     * @return the request
     */
    public static StartNextPendingJobExecutionRequest readStartNextRequest(byte[] payload, String thingName) {
        StartNextPendingJobExecutionRequest.Builder b =
                StartNextPendingJobExecutionRequest.builder().thingName(thingName);
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "statusDetails":
                        b.statusDetails(stringMap(p));
                        break;
                    case "stepTimeoutInMinutes":
                        b.stepTimeoutInMinutes(longValue(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a DescribeJobExecution request as the service receives it.
     *
     * @param payload the payload
     * @param thingName the topic's thing name
     * @param jobId the topic's job id
     * @return the request
     */
    public static DescribeJobExecutionRequest readDescribeRequest(byte[] payload, String thingName, String jobId) {
        DescribeJobExecutionRequest.Builder b =
                DescribeJobExecutionRequest.builder().thingName(thingName).jobId(jobId);
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "executionNumber":
                        b.executionNumber(longValue(p));
                        break;
                    case "includeJobDocument":
                        b.includeJobDocument(bool(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an UpdateJobExecution request as the service receives it.
     *
     * @param payload the payload
     * @param thingName the topic's thing name
     * @param jobId the topic's job id
     * @return the request
     */
    public static UpdateJobExecutionRequest readUpdateRequest(byte[] payload, String thingName, String jobId) {
        UpdateJobExecutionRequest.Builder b =
                UpdateJobExecutionRequest.builder().thingName(thingName).jobId(jobId);
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "status":
                        b.status(JobStatus.fromWireName(text(p)));
                        break;
                    case "statusDetails":
                        b.statusDetails(stringMap(p));
                        break;
                    case "stepTimeoutInMinutes":
                        b.stepTimeoutInMinutes(longValue(p));
                        break;
                    case "expectedVersion":
                        b.expectedVersion(longValue(p));
                        break;
                    case "executionNumber":
                        b.executionNumber(longValue(p));
                        break;
                    case "includeJobExecutionState":
                        b.includeJobExecutionState(bool(p));
                        break;
                    case "includeJobDocument":
                        b.includeJobDocument(bool(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------- replies and events, read

    /**
     * Reads a GetPendingJobExecutions accepted reply.
     *
     * @param payload the payload
     * @return the reply
     */
    public static GetPendingJobExecutionsResponse readGetPendingResponse(byte[] payload) {
        GetPendingJobExecutionsResponse.Builder b = GetPendingJobExecutionsResponse.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    case "inProgressJobs":
                        b.inProgressJobs(summaries(p));
                        break;
                    case "queuedJobs":
                        b.queuedJobs(summaries(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a StartNextPendingJobExecution accepted reply.
     *
     * @param payload the payload
     * @return the reply
     */
    public static StartNextJobExecutionResponse readStartNextResponse(byte[] payload) {
        StartNextJobExecutionResponse.Builder b = StartNextJobExecutionResponse.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    case "execution":
                        b.execution(executionData(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a DescribeJobExecution accepted reply.
     *
     * @param payload the payload
     * @return the reply
     */
    public static DescribeJobExecutionResponse readDescribeResponse(byte[] payload) {
        DescribeJobExecutionResponse.Builder b = DescribeJobExecutionResponse.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    case "execution":
                        b.execution(executionData(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an UpdateJobExecution accepted reply.
     *
     * @param payload the payload
     * @return the reply
     */
    public static UpdateJobExecutionResponse readUpdateResponse(byte[] payload) {
        UpdateJobExecutionResponse.Builder b = UpdateJobExecutionResponse.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    case "executionState":
                        b.executionState(executionState(p));
                        break;
                    case "jobDocument":
                        b.jobDocument(document(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a rejection (any operation).
     *
     * @param payload the payload
     * @return the error
     */
    public static RejectedError readRejected(byte[] payload) {
        RejectedError.Builder b = RejectedError.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "clientToken":
                        b.clientToken(text(p));
                        break;
                    case "code":
                        b.rawCode(text(p));
                        break;
                    case "message":
                        b.message(text(p));
                        break;
                    case "executionState":
                        b.executionState(executionState(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a notify event.
     *
     * @param payload the payload
     * @return the event
     */
    public static JobExecutionsChangedEvent readExecutionsChanged(byte[] payload) {
        JobExecutionsChangedEvent.Builder b = JobExecutionsChangedEvent.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "jobs":
                        expect(t, JsonToken.START_OBJECT);
                        String status;
                        while ((status = p.nextFieldName()) != null) {
                            if (p.nextToken() == JsonToken.VALUE_NULL) {
                                continue;
                            }
                            b.putJobs(JobStatus.fromWireName(status), summaries(p));
                        }
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a notify-next event.
     *
     * @param payload the payload
     * @return the event
     */
    public static NextJobExecutionChangedEvent readNextExecutionChanged(byte[] payload) {
        NextJobExecutionChangedEvent.Builder b = NextJobExecutionChangedEvent.builder();
        try (JsonParser p = open(payload)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "timestamp":
                        b.timestamp(instant(p));
                        break;
                    case "execution":
                        b.execution(executionData(p));
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            end(p);
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ----------------------------------------------------------------------------------- nested, read

    private static JobExecutionData executionData(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        JobExecutionData.Builder b = JobExecutionData.builder();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "jobId":
                    b.jobId(text(p));
                    break;
                case "thingName":
                    b.thingName(text(p));
                    break;
                case "jobDocument":
                    b.jobDocument(document(p));
                    break;
                case "status":
                    b.rawStatus(text(p));
                    break;
                case "statusDetails":
                    b.statusDetails(stringMap(p));
                    break;
                case "queuedAt":
                    b.queuedAt(instant(p));
                    break;
                case "startedAt":
                    b.startedAt(instant(p));
                    break;
                case "lastUpdatedAt":
                    b.lastUpdatedAt(instant(p));
                    break;
                case "versionNumber":
                    b.versionNumber(longValue(p));
                    break;
                case "executionNumber":
                    b.executionNumber(longValue(p));
                    break;
                case "approximateSecondsBeforeTimedOut":
                    b.approximateSecondsBeforeTimedOut(longValue(p));
                    break;
                default:
                    p.skipChildren();
                    break;
            }
        }
        return b.build();
    }

    private static JobExecutionState executionState(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        JobExecutionState.Builder b = JobExecutionState.builder();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "status":
                    b.rawStatus(text(p));
                    break;
                case "statusDetails":
                    b.statusDetails(stringMap(p));
                    break;
                case "versionNumber":
                    b.versionNumber(longValue(p));
                    break;
                default:
                    p.skipChildren();
                    break;
            }
        }
        return b.build();
    }

    private static List<JobExecutionSummary> summaries(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<JobExecutionSummary> list = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            list.add(summary(p));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return list;
    }

    private static JobExecutionSummary summary(JsonParser p) throws IOException {
        JobExecutionSummary.Builder b = JobExecutionSummary.builder();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "jobId":
                    b.jobId(text(p));
                    break;
                case "thingName":
                    b.thingName(text(p));
                    break;
                case "queuedAt":
                    b.queuedAt(instant(p));
                    break;
                case "startedAt":
                    b.startedAt(instant(p));
                    break;
                case "lastUpdatedAt":
                    b.lastUpdatedAt(instant(p));
                    break;
                case "versionNumber":
                    b.versionNumber(longValue(p));
                    break;
                case "executionNumber":
                    b.executionNumber(longValue(p));
                    break;
                default:
                    p.skipChildren();
                    break;
            }
        }
        return b.build();
    }

    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        Map<String, String> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            map.put(name, text(p));
        }
        return map;
    }

    private static JobDocument document(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        return DocumentAccess.adopt(object(p));
    }

    /** Builds the tree of the object whose START_OBJECT is the current token, as Jackson's tree reader does. */
    private static ObjectNode object(JsonParser p) throws IOException {
        ObjectNode node = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            node.set(name, value(p, p.nextToken()));
        }
        return node;
    }

    private static ArrayNode array(JsonParser p) throws IOException {
        ArrayNode node = NODES.arrayNode();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            node.add(value(p, t));
        }
        return node;
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p);
            case START_ARRAY:
                return array(p);
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    // ----------------------------------------------------------------------------------- scalars, read

    private static JsonParser open(byte[] payload) throws IOException {
        JsonParser p = FACTORY.createParser(payload.length == 0 ? EMPTY_OBJECT : payload);
        expect(p.nextToken(), JsonToken.START_OBJECT);
        return p;
    }

    private static void end(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.END_OBJECT);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", got " + actual);
        }
    }

    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t.isScalarValue()) {
            return p.getText();
        }
        throw new IOException("expected a string, got " + t);
    }

    private static long longValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            return Long.parseLong(p.getText().trim());
        }
        throw new IOException("expected a number, got " + t);
    }

    private static boolean bool(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_STRING) {
            return Boolean.parseBoolean(p.getText().trim());
        }
        throw new IOException("expected a boolean, got " + t);
    }

    private static Instant instant(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(p.getLongValue());
        }
        BigDecimal seconds;
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            seconds = p.getDecimalValue();
        } else if (t == JsonToken.VALUE_STRING) {
            seconds = new BigDecimal(p.getText().trim());
        } else {
            throw new IOException("expected epoch seconds, got " + t);
        }
        if (seconds.compareTo(MIN_SECONDS) < 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            throw new IOException("epoch seconds out of range: " + seconds);
        }
        long whole = seconds.longValue();
        return Instant.ofEpochSecond(
                whole,
                seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
    }

    // ------------------------------------------------------------------------------------------- write

    /** Writes one value; the generator is positioned where the value goes. */
    @FunctionalInterface
    private interface Body<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    private static <T> byte[] write(T value, Body<T> body) {
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                body.write(g, value);
            }
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a GetPendingJobExecutions request (topic parameters left out).
     *
     * @param r the request
     * @return UTF-8 JSON
     */
    public static byte[] write(GetPendingJobExecutionsRequest r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            string(g, "clientToken", v.clientToken());
            g.writeEndObject();
        });
    }

    /**
     * Writes a StartNextPendingJobExecution request (topic parameters left out).
     *
     * @param r the request
     * @return UTF-8 JSON
     */
    public static byte[] write(StartNextPendingJobExecutionRequest r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            details(g, v.statusDetails());
            number(g, "stepTimeoutInMinutes", v.stepTimeoutInMinutes());
            string(g, "clientToken", v.clientToken());
            g.writeEndObject();
        });
    }

    /**
     * Writes a DescribeJobExecution request (topic parameters left out).
     *
     * @param r the request
     * @return UTF-8 JSON
     */
    public static byte[] write(DescribeJobExecutionRequest r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            number(g, "executionNumber", v.executionNumber());
            bool(g, "includeJobDocument", v.includeJobDocument());
            string(g, "clientToken", v.clientToken());
            g.writeEndObject();
        });
    }

    /**
     * Writes an UpdateJobExecution request (topic parameters left out).
     *
     * @param r the request
     * @return UTF-8 JSON
     */
    public static byte[] write(UpdateJobExecutionRequest r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            g.writeStringField("status", v.status().wireName());
            details(g, v.statusDetails());
            number(g, "stepTimeoutInMinutes", v.stepTimeoutInMinutes());
            number(g, "expectedVersion", v.expectedVersion());
            number(g, "executionNumber", v.executionNumber());
            bool(g, "includeJobExecutionState", v.includeJobExecutionState());
            bool(g, "includeJobDocument", v.includeJobDocument());
            string(g, "clientToken", v.clientToken());
            g.writeEndObject();
        });
    }

    /**
     * Writes a GetPendingJobExecutions accepted reply.
     *
     * @param r the reply
     * @return UTF-8 JSON
     */
    public static byte[] write(GetPendingJobExecutionsResponse r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            instant(g, "timestamp", v.timestamp());
            string(g, "clientToken", v.clientToken());
            g.writeFieldName("inProgressJobs");
            summaries(g, v.inProgressJobs());
            g.writeFieldName("queuedJobs");
            summaries(g, v.queuedJobs());
            g.writeEndObject();
        });
    }

    /**
     * Writes a StartNextPendingJobExecution accepted reply.
     *
     * @param r the reply
     * @return UTF-8 JSON
     */
    public static byte[] write(StartNextJobExecutionResponse r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            instant(g, "timestamp", v.timestamp());
            string(g, "clientToken", v.clientToken());
            if (v.execution().isPresent()) {
                g.writeFieldName("execution");
                executionData(g, v.execution().get());
            }
            g.writeEndObject();
        });
    }

    /**
     * Writes a DescribeJobExecution accepted reply.
     *
     * @param r the reply
     * @return UTF-8 JSON
     */
    public static byte[] write(DescribeJobExecutionResponse r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            instant(g, "timestamp", v.timestamp());
            string(g, "clientToken", v.clientToken());
            if (v.execution().isPresent()) {
                g.writeFieldName("execution");
                executionData(g, v.execution().get());
            }
            g.writeEndObject();
        });
    }

    /**
     * Writes an UpdateJobExecution accepted reply.
     *
     * @param r the reply
     * @return UTF-8 JSON
     */
    public static byte[] write(UpdateJobExecutionResponse r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            instant(g, "timestamp", v.timestamp());
            string(g, "clientToken", v.clientToken());
            if (v.executionState().isPresent()) {
                g.writeFieldName("executionState");
                executionState(g, v.executionState().get());
            }
            if (v.jobDocument().isPresent()) {
                g.writeFieldName("jobDocument");
                tree(g, DocumentAccess.tree(v.jobDocument().get()));
            }
            g.writeEndObject();
        });
    }

    /**
     * Writes a rejection.
     *
     * @param r the error
     * @return UTF-8 JSON
     */
    public static byte[] write(RejectedError r) {
        return write(r, (g, v) -> {
            g.writeStartObject();
            instant(g, "timestamp", v.timestamp());
            string(g, "clientToken", v.clientToken());
            string(g, "code", v.rawCode());
            string(g, "message", v.message());
            if (v.executionState().isPresent()) {
                g.writeFieldName("executionState");
                executionState(g, v.executionState().get());
            }
            g.writeEndObject();
        });
    }

    /**
     * Writes a notify event.
     *
     * @param e the event
     * @return UTF-8 JSON
     */
    public static byte[] write(JobExecutionsChangedEvent e) {
        return write(e, (g, v) -> {
            g.writeStartObject();
            g.writeFieldName("jobs");
            g.writeStartObject();
            for (Map.Entry<JobStatus, List<JobExecutionSummary>> entry :
                    v.jobs().entrySet()) {
                g.writeFieldName(entry.getKey().wireName());
                summaries(g, entry.getValue());
            }
            g.writeEndObject();
            instant(g, "timestamp", v.timestamp());
            g.writeEndObject();
        });
    }

    /**
     * Writes a notify-next event.
     *
     * @param e the event
     * @return UTF-8 JSON
     */
    public static byte[] write(NextJobExecutionChangedEvent e) {
        return write(e, (g, v) -> {
            g.writeStartObject();
            if (v.execution().isPresent()) {
                g.writeFieldName("execution");
                executionData(g, v.execution().get());
            }
            instant(g, "timestamp", v.timestamp());
            g.writeEndObject();
        });
    }

    // ---------------------------------------------------------------------------------- nested, write

    private static void executionData(JsonGenerator g, JobExecutionData d) throws IOException {
        g.writeStartObject();
        g.writeStringField("jobId", d.jobId());
        string(g, "thingName", d.thingName());
        if (d.jobDocument().isPresent()) {
            g.writeFieldName("jobDocument");
            tree(g, DocumentAccess.tree(d.jobDocument().get()));
        }
        string(g, "status", d.rawStatus());
        details(g, d.statusDetails());
        instant(g, "queuedAt", d.queuedAt());
        instant(g, "startedAt", d.startedAt());
        instant(g, "lastUpdatedAt", d.lastUpdatedAt());
        number(g, "versionNumber", d.versionNumber());
        number(g, "executionNumber", d.executionNumber());
        number(g, "approximateSecondsBeforeTimedOut", d.approximateSecondsBeforeTimedOut());
        g.writeEndObject();
    }

    private static void executionState(JsonGenerator g, JobExecutionState s) throws IOException {
        g.writeStartObject();
        string(g, "status", s.rawStatus());
        details(g, s.statusDetails());
        number(g, "versionNumber", s.versionNumber());
        g.writeEndObject();
    }

    private static void summaries(JsonGenerator g, List<JobExecutionSummary> list) throws IOException {
        g.writeStartArray();
        for (JobExecutionSummary s : list) {
            g.writeStartObject();
            g.writeStringField("jobId", s.jobId());
            string(g, "thingName", s.thingName());
            instant(g, "queuedAt", s.queuedAt());
            instant(g, "startedAt", s.startedAt());
            instant(g, "lastUpdatedAt", s.lastUpdatedAt());
            number(g, "versionNumber", s.versionNumber());
            number(g, "executionNumber", s.executionNumber());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void details(JsonGenerator g, Optional<Map<String, String>> details) throws IOException {
        if (details.isPresent()) {
            g.writeFieldName("statusDetails");
            g.writeStartObject();
            for (Map.Entry<String, String> e : details.get().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
    }

    /** Writes a document tree the way Jackson serializes a node: every number with its own type and scale. */
    private static void tree(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    tree(g, field.getValue());
                }
                g.writeEndObject();
                break;
            case ARRAY:
                g.writeStartArray();
                for (int i = 0, n = node.size(); i < n; i++) {
                    tree(g, node.get(i));
                }
                g.writeEndArray();
                break;
            case STRING:
                g.writeString(node.textValue());
                break;
            case NUMBER:
                switch (node.numberType()) {
                    case INT:
                        g.writeNumber(node.intValue());
                        break;
                    case LONG:
                        g.writeNumber(node.longValue());
                        break;
                    case BIG_INTEGER:
                        g.writeNumber(node.bigIntegerValue());
                        break;
                    case FLOAT:
                        g.writeNumber(node.floatValue());
                        break;
                    case DOUBLE:
                        g.writeNumber(node.doubleValue());
                        break;
                    default:
                        g.writeNumber(node.decimalValue());
                        break;
                }
                break;
            case BOOLEAN:
                g.writeBoolean(node.booleanValue());
                break;
            case NULL:
                g.writeNull();
                break;
            default:
                throw new IOException("cannot write a " + node.getNodeType() + " node");
        }
    }

    private static void string(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }

    private static void instant(JsonGenerator g, String name, Optional<Instant> value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.get().getEpochSecond());
        }
    }

    private static void number(JsonGenerator g, String name, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsLong());
        }
    }

    private static void bool(JsonGenerator g, String name, Optional<Boolean> value) throws IOException {
        if (value.isPresent()) {
            g.writeBooleanField(name, value.get());
        }
    }
}
