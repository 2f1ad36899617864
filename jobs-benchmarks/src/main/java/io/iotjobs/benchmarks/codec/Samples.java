package io.iotjobs.benchmarks.codec;

import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
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
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messages of the codec benchmark: every message kind of the protocol reference's samples (§8), with the
 * reference's values, and large variants (a job document of about 30 KB; a pending list of 10 executions, the
 * most the service lists).
 */
public final class Samples {

    /** The thing of every sample. */
    public static final String THING = "dev-42";
    /** The job of the samples that name one. */
    public static final String JOB = "fw-17";
    /** The size the large job document is grown to, in bytes of compact UTF-8 JSON. */
    public static final int LARGE_DOCUMENT_BYTES = 30 * 1024;

    private static final List<Sample<?>> ALL = build();

    private Samples() {}

    /**
     * Every sample, in report order.
     *
     * @return the samples
     */
    public static List<Sample<?>> all() {
        return ALL;
    }

    /**
     * One sample by name.
     *
     * @param name a name from {@link #all()}
     * @return the sample
     * @throws IllegalArgumentException if there is no such sample
     */
    public static Sample<?> named(String name) {
        for (Sample<?> sample : ALL) {
            if (sample.name().equals(name)) {
                return sample;
            }
        }
        throw new IllegalArgumentException("message: no sample named " + name);
    }

    private static Instant at(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond);
    }

    /** The document of the reference's samples. */
    static JobDocument typicalDocument() {
        return JobDocument.parse("{\"operation\":\"install\",\"url\":\"https://example/fw.bin\"}");
    }

    /**
     * A firmware job document of {@value #LARGE_DOCUMENT_BYTES} bytes or a little more: strings, integers,
     * decimals with their scale, booleans, nested objects and arrays.
     */
    static JobDocument largeDocument() {
        StringBuilder json = new StringBuilder(LARGE_DOCUMENT_BYTES + 512);
        json.append("{\"operation\":\"install\",\"version\":\"4.12.0\",\"url\":\"https://firmware.example.com/")
                .append("releases/4.12.0/image.bin\",\"sha256\":\"")
                .append("9f2c4e8a1b3d5f7092c4e6a8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8")
                .append("\",\"sizeBytes\":7340032,\"rolloutRatio\":0.250,\"reboot\":true,\"steps\":[");
        int i = 0;
        String tail = "],\"metadata\":{\"owner\":\"fleet-ops\",\"ticket\":\"OPS-4711\",\"window\":{\"start\":"
                + "\"02:00\",\"end\":\"04:30\",\"zone\":\"UTC\"},\"labels\":[\"firmware\",\"staged\",\"eu-west\"]}}";
        while (json.length() + tail.length() < LARGE_DOCUMENT_BYTES) {
            if (i > 0) {
                json.append(',');
            }
            json.append(String.format(
                    Locale.ROOT,
                    "{\"name\":\"step-%03d\",\"action\":\"%s\",\"target\":"
                            + "\"/opt/firmware/parts/part-%03d.bin\",\"retries\":%d,\"timeoutSeconds\":%d,\"weight\":%d.%02d,"
                            + "\"optional\":%s,\"checksum\":\"%08x%08x\",\"env\":{\"LEVEL\":\"info\",\"SLOT\":%d}}",
                    i,
                    i % 3 == 0 ? "download" : i % 3 == 1 ? "verify" : "apply",
                    i,
                    1 + i % 5,
                    30 + 15 * (i % 8),
                    i % 7,
                    (i * 13) % 100,
                    i % 4 == 0 ? "true" : "false",
                    i * 2654435761L & 0xffffffffL,
                    ~i * 40503L & 0xffffffffL,
                    i % 2));
            i++;
        }
        json.append(tail);
        return JobDocument.parse(json.toString());
    }

    private static JobExecutionData execution(JobDocument document, boolean withTimer) {
        JobExecutionData.Builder b = JobExecutionData.builder()
                .jobId(JOB)
                .jobDocument(document)
                .status(JobStatus.IN_PROGRESS)
                .statusDetails(Map.of("step", "download"))
                .queuedAt(at(1717000000))
                .startedAt(at(1717000300))
                .lastUpdatedAt(at(1717000300))
                .versionNumber(2)
                .executionNumber(1);
        if (withTimer) {
            b.approximateSecondsBeforeTimedOut(1500);
        }
        return b.build();
    }

    private static JobExecutionState state() {
        return JobExecutionState.builder()
                .status(JobStatus.IN_PROGRESS)
                .statusDetails(Map.of("progress", "50%"))
                .versionNumber(3)
                .build();
    }

    /** IN_PROGRESS first, then QUEUED; {@code count} in total. */
    private static Map<JobStatus, List<JobExecutionSummary>> pending(int count) {
        List<JobExecutionSummary> inProgress = List.of(JobExecutionSummary.builder()
                .jobId(JOB)
                .queuedAt(at(1717000000))
                .startedAt(at(1717000300))
                .lastUpdatedAt(at(1717000300))
                .versionNumber(2)
                .executionNumber(1)
                .build());
        List<JobExecutionSummary> queued = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            queued.add(JobExecutionSummary.builder()
                    .jobId(i == 1 ? "cfg-3" : "cfg-" + (i + 2))
                    .queuedAt(at(1717000100 + i))
                    .lastUpdatedAt(at(1717000100 + i))
                    .versionNumber(1)
                    .executionNumber(1)
                    .build());
        }
        Map<JobStatus, List<JobExecutionSummary>> jobs = new LinkedHashMap<>();
        jobs.put(JobStatus.IN_PROGRESS, inProgress);
        jobs.put(JobStatus.QUEUED, queued);
        return jobs;
    }

    private static List<Sample<?>> build() {
        String getTopic = Operation.GET_PENDING.replyTopic(THING, null, ReplyKind.ACCEPTED);
        String startNextTopic = Operation.START_NEXT.replyTopic(THING, null, ReplyKind.ACCEPTED);
        String describeTopic = Operation.DESCRIBE.replyTopic(THING, JOB, ReplyKind.ACCEPTED);
        String updateTopic = Operation.UPDATE.replyTopic(THING, JOB, ReplyKind.ACCEPTED);
        String rejectedTopic = Operation.UPDATE.replyTopic(THING, JOB, ReplyKind.REJECTED);
        String notifyTopic = EventType.JOB_EXECUTIONS_CHANGED.topic(THING);
        String notifyNextTopic = EventType.NEXT_JOB_EXECUTION_CHANGED.topic(THING);

        GetPendingJobExecutionsRequest getRequest = GetPendingJobExecutionsRequest.builder()
                .thingName(THING)
                .clientToken("c0ffee01")
                .build();
        StartNextPendingJobExecutionRequest startNextRequest = StartNextPendingJobExecutionRequest.builder()
                .thingName(THING)
                .statusDetails(Map.of("step", "download"))
                .stepTimeoutInMinutes(30)
                .clientToken("c0ffee02")
                .build();
        DescribeJobExecutionRequest describeRequest = DescribeJobExecutionRequest.builder()
                .thingName(THING)
                .jobId(JOB)
                .executionNumber(1)
                .includeJobDocument(true)
                .clientToken("c0ffee03")
                .build();
        UpdateJobExecutionRequest updateRequest = UpdateJobExecutionRequest.builder()
                .thingName(THING)
                .jobId(JOB)
                .status(JobStatus.IN_PROGRESS)
                .statusDetails(Map.of("progress", "50%"))
                .expectedVersion(2)
                .stepTimeoutInMinutes(15)
                .includeJobExecutionState(true)
                .clientToken("c0ffee04")
                .build();

        Map<JobStatus, List<JobExecutionSummary>> two = pending(2);
        Map<JobStatus, List<JobExecutionSummary>> ten = pending(10);
        JobDocument typical = typicalDocument();
        JobDocument large = largeDocument();

        // the topics are worked out once: the SDK's decoders are charged for decoding only
        String getRequestTopic = Operation.GET_PENDING.requestTopic(getRequest);
        String startNextRequestTopic = Operation.START_NEXT.requestTopic(startNextRequest);
        String describeRequestTopic = Operation.DESCRIBE.requestTopic(describeRequest);
        String updateRequestTopic = Operation.UPDATE.requestTopic(updateRequest);

        List<Sample<?>> all = new ArrayList<>();
        all.add(new Sample<>(
                "getPendingRequest",
                "GetPendingJobExecutions request",
                getRequest,
                b -> JobsJson.decodeRequest(Operation.GET_PENDING, getRequestTopic, b, THING, null),
                b -> StreamingJobsJson.readGetPendingRequest(b, THING),
                StreamingJobsJson::write));
        all.add(getPendingResponse(
                "getPendingAccepted", "GetPendingJobExecutions accepted, 1+1 executions", getTopic, two));
        all.add(getPendingResponse(
                "getPendingAccepted10", "GetPendingJobExecutions accepted, 1+9 executions", getTopic, ten));
        all.add(new Sample<>(
                "startNextRequest",
                "StartNextPendingJobExecution request",
                startNextRequest,
                b -> JobsJson.decodeRequest(Operation.START_NEXT, startNextRequestTopic, b, THING, null),
                b -> StreamingJobsJson.readStartNextRequest(b, THING),
                StreamingJobsJson::write));
        all.add(startNextResponse(
                "startNextAccepted", "StartNextPendingJobExecution accepted", startNextTopic, typical));
        all.add(startNextResponse(
                "startNextAccepted30k",
                "StartNextPendingJobExecution accepted, 30 KB document",
                startNextTopic,
                large));
        all.add(new Sample<>(
                "describeRequest",
                "DescribeJobExecution request",
                describeRequest,
                b -> JobsJson.decodeRequest(Operation.DESCRIBE, describeRequestTopic, b, THING, JOB),
                b -> StreamingJobsJson.readDescribeRequest(b, THING, JOB),
                StreamingJobsJson::write));
        all.add(describeResponse("describeAccepted", "DescribeJobExecution accepted", describeTopic, typical));
        all.add(describeResponse(
                "describeAccepted30k", "DescribeJobExecution accepted, 30 KB document", describeTopic, large));
        all.add(new Sample<>(
                "updateRequest",
                "UpdateJobExecution request",
                updateRequest,
                b -> JobsJson.decodeRequest(Operation.UPDATE, updateRequestTopic, b, THING, JOB),
                b -> StreamingJobsJson.readUpdateRequest(b, THING, JOB),
                StreamingJobsJson::write));
        all.add(updateResponse(
                "updateAccepted", "UpdateJobExecution accepted, with state and document", updateTopic, typical));
        all.add(updateResponse(
                "updateAccepted30k", "UpdateJobExecution accepted, with state and 30 KB document", updateTopic, large));
        all.add(new Sample<>(
                "updateRejected",
                "UpdateJobExecution rejected (VersionMismatch, with state)",
                RejectedError.builder()
                        .code(RejectedErrorCode.VERSION_MISMATCH)
                        .message("expectedVersion: 2 does not match the current version 3")
                        .clientToken("c0ffee04")
                        .timestamp(at(1717000600))
                        .executionState(state())
                        .build(),
                b -> JobsJson.decode(rejectedTopic, b, RejectedError.class),
                StreamingJobsJson::readRejected,
                StreamingJobsJson::write));
        all.add(notify("notify", "notify, 1+1 executions", notifyTopic, two));
        all.add(notify("notify10", "notify, 1+9 executions", notifyTopic, ten));
        all.add(notifyNext("notifyNext", "notify-next", notifyNextTopic, typical));
        all.add(notifyNext("notifyNext30k", "notify-next, 30 KB document", notifyNextTopic, large));
        return List.copyOf(all);
    }

    private static Sample<GetPendingJobExecutionsResponse> getPendingResponse(
            String name, String description, String topic, Map<JobStatus, List<JobExecutionSummary>> jobs) {
        return new Sample<>(
                name,
                description,
                GetPendingJobExecutionsResponse.builder()
                        .inProgressJobs(jobs.get(JobStatus.IN_PROGRESS))
                        .queuedJobs(jobs.get(JobStatus.QUEUED))
                        .timestamp(at(1717000400))
                        .clientToken("c0ffee01")
                        .build(),
                b -> JobsJson.decode(topic, b, GetPendingJobExecutionsResponse.class),
                StreamingJobsJson::readGetPendingResponse,
                StreamingJobsJson::write);
    }

    private static Sample<StartNextJobExecutionResponse> startNextResponse(
            String name, String description, String topic, JobDocument document) {
        return new Sample<>(
                name,
                description,
                StartNextJobExecutionResponse.builder()
                        .clientToken("c0ffee02")
                        .timestamp(at(1717000300))
                        .execution(execution(document, false))
                        .build(),
                b -> JobsJson.decode(topic, b, StartNextJobExecutionResponse.class),
                StreamingJobsJson::readStartNextResponse,
                StreamingJobsJson::write);
    }

    private static Sample<DescribeJobExecutionResponse> describeResponse(
            String name, String description, String topic, JobDocument document) {
        return new Sample<>(
                name,
                description,
                DescribeJobExecutionResponse.builder()
                        .clientToken("c0ffee03")
                        .timestamp(at(1717000500))
                        .execution(execution(document, true))
                        .build(),
                b -> JobsJson.decode(topic, b, DescribeJobExecutionResponse.class),
                StreamingJobsJson::readDescribeResponse,
                StreamingJobsJson::write);
    }

    private static Sample<UpdateJobExecutionResponse> updateResponse(
            String name, String description, String topic, JobDocument document) {
        return new Sample<>(
                name,
                description,
                UpdateJobExecutionResponse.builder()
                        .clientToken("c0ffee04")
                        .timestamp(at(1717000600))
                        .executionState(state())
                        .jobDocument(document)
                        .build(),
                b -> JobsJson.decode(topic, b, UpdateJobExecutionResponse.class),
                StreamingJobsJson::readUpdateResponse,
                StreamingJobsJson::write);
    }

    private static Sample<JobExecutionsChangedEvent> notify(
            String name, String description, String topic, Map<JobStatus, List<JobExecutionSummary>> jobs) {
        return new Sample<>(
                name,
                description,
                JobExecutionsChangedEvent.builder()
                        .timestamp(at(1717000800))
                        .jobs(jobs)
                        .build(),
                b -> JobsJson.decode(topic, b, JobExecutionsChangedEvent.class),
                StreamingJobsJson::readExecutionsChanged,
                StreamingJobsJson::write);
    }

    private static Sample<NextJobExecutionChangedEvent> notifyNext(
            String name, String description, String topic, JobDocument document) {
        JobExecutionData next = JobExecutionData.builder()
                .jobId("cfg-3")
                .jobDocument(document)
                .status(JobStatus.QUEUED)
                .queuedAt(at(1717000100))
                .lastUpdatedAt(at(1717000100))
                .versionNumber(1)
                .executionNumber(1)
                .build();
        return new Sample<>(
                name,
                description,
                NextJobExecutionChangedEvent.builder()
                        .timestamp(at(1717000900))
                        .execution(next)
                        .build(),
                b -> JobsJson.decode(topic, b, NextJobExecutionChangedEvent.class),
                StreamingJobsJson::readNextExecutionChanged,
                StreamingJobsJson::write);
    }

    /**
     * Prints every sample's name, size and JSON (a quick look at what is measured).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (Sample<?> sample : ALL) {
            String json = new String(sample.wire(), StandardCharsets.UTF_8);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %6d B  %s%n",
                    sample.name(),
                    sample.size(),
                    json.length() > 160 ? json.substring(0, 160) + "..." : json);
        }
    }
}
