package io.iotjobs.internal.agent.devclient;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobContext;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link JobContext} for tests of handlers: a document, an optional resume point; it records progress and checkpoints. */
final class FakeContext implements JobContext {

    private final JobDocument document;
    private final String resumedFrom;
    final List<Map<String, String>> progress = new CopyOnWriteArrayList<>();
    final List<String> checkpoints = new CopyOnWriteArrayList<>();

    FakeContext(String json, String resumedFrom) {
        this.document = JobDocument.parse(json.replace('\'', '"'));
        this.resumedFrom = resumedFrom;
    }

    @Override
    public String thingName() {
        return "dev:1";
    }

    @Override
    public JobExecutionData execution() {
        return JobExecutionData.builder()
                .jobId(jobId())
                .executionNumber(1)
                .jobDocument(document)
                .build();
    }

    @Override
    public String jobId() {
        return "job-1";
    }

    @Override
    public long executionNumber() {
        return 1;
    }

    @Override
    public JobDocument document() {
        return document;
    }

    @Override
    public void progress(Map<String, String> details) {
        progress.add(Map.copyOf(details));
    }

    @Override
    public void checkpoint(String step) {
        checkpoints.add(step);
    }

    @Override
    public boolean isResumed() {
        return resumedFrom != null;
    }

    @Override
    public Optional<String> resumedFrom() {
        return Optional.ofNullable(resumedFrom);
    }

    @Override
    public void appendOutput(CharSequence text) {
        throw new AssertionError("the Device Client handler reports its own output");
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public Optional<CancellationReason> cancellationReason() {
        return Optional.empty();
    }

    @Override
    public CompletionStage<CancellationReason> cancellation() {
        return new CompletableFuture<>();
    }

    @Override
    public void onCancel(Consumer<CancellationReason> callback) {
        // never told to stop
    }

    @Override
    public void throwIfCancelled() {
        // never told to stop
    }
}
