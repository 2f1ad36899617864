package io.iotjobs.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.CheckpointStore;
import io.iotjobs.agent.JobResult;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

    private static final Instant T = Instant.parse("2024-05-29T16:26:40Z");

    @TempDir
    Path directory;

    @Test
    void aRecordSurvivesANewStoreOnTheSameDirectoryWithEveryField() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", "checksum mismatch: expected 0xCAFE, got 0xBEEF");
        details.put("output", "\u2026unicode \u00e9\u00e8 \u21b5 ok");
        details.put("z-last", "=:#!\\ specials");
        Checkpoint record = Checkpoint.started("dev:1", "fw-1", 3, T)
                .withStep("install \u00e9tape 2", T.plusSeconds(5))
                .restarted(T.plusSeconds(9))
                .withOutcome(JobResult.failed("ignored", Map.of()), T.plusSeconds(9))
                .withOutcome(JobResult.of(io.iotjobs.model.JobStatus.FAILED, details), T.plusSeconds(10));
        new FileCheckpointStore(directory).save(record);

        Checkpoint read =
                new FileCheckpointStore(directory).load("dev:1", "fw-1", 3).orElseThrow();
        assertThat(read).isEqualTo(record);
        assertThat(read.outcome().orElseThrow().details().keySet())
                .as("order kept")
                .containsExactly("reason", "output", "z-last");
        assertThat(read.starts()).isEqualTo(2);
        assertThat(read.step()).contains("install \u00e9tape 2");
    }

    @Test
    void saveReplacesTheRecordAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        Checkpoint record = Checkpoint.started("dev-1", "job-1", 1, T);
        store.save(record);
        store.save(record.withStep("two", T.plusSeconds(1)));
        assertThat(store.load("dev-1", "job-1", 1).orElseThrow().step()).contains("two");
        try (Stream<Path> files = Files.list(directory.resolve("dev-1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("job-1.1.checkpoint");
        }
    }

    @Test
    void aLeftoverTemporaryFileFromACrashIsIgnoredAndOverwritten() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        store.save(Checkpoint.started("dev-1", "job-1", 1, T).withStep("good", T));
        Path temp = directory.resolve("dev-1").resolve("job-1.1.checkpoint.tmp");
        Files.writeString(temp, "thingName=dev-1\njobId=job-", StandardCharsets.UTF_8);

        assertThat(store.list("dev-1"))
                .singleElement()
                .satisfies(r -> assertThat(r.step()).contains("good"));
        store.save(Checkpoint.started("dev-1", "job-1", 1, T).withStep("better", T));
        assertThat(store.load("dev-1", "job-1", 1).orElseThrow().step()).contains("better");
        assertThat(temp).doesNotExist();
    }

    @Test
    void listDeleteAndThingsKeptApart() {
        CheckpointStore store = CheckpointStore.inDirectory(directory);
        assertThat(store.list("dev-1")).isEmpty();
        store.save(Checkpoint.started("dev-1", "a", 1, T));
        store.save(Checkpoint.started("dev-1", "a", 2, T));
        store.save(Checkpoint.started("dev-2", "a", 1, T));
        assertThat(store.list("dev-1")).extracting(Checkpoint::executionNumber).containsExactlyInAnyOrder(1L, 2L);
        store.delete("dev-1", "a", 1);
        store.delete("dev-1", "missing", 1);
        assertThat(store.list("dev-1")).extracting(Checkpoint::executionNumber).containsExactly(2L);
        assertThat(store.load("dev-2", "a", 1)).isPresent();
        assertThat(store.load("dev-1", "a", 1)).isEmpty();
    }

    @Test
    void aCorruptRecordIsReportedOnLoadAndSkippedByList() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        store.save(Checkpoint.started("dev-1", "ok", 1, T));
        Path bad = store.file("dev-1", "bad", 1);
        Files.writeString(bad, "jobId=bad\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load("dev-1", "bad", 1))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("bad.1.checkpoint");
        assertThat(store.list("dev-1")).extracting(Checkpoint::jobId).containsExactly("ok");
    }

    @Test
    void namesOutsideTheSafeCharactersAreEncoded() {
        assertThat(FileCheckpointStore.encode("thing:with:colons")).isEqualTo("thing%3Awith%3Acolons");
        assertThat(FileCheckpointStore.encode("a/../b")).isEqualTo("a%2F%2E%2E%2Fb");
    }
}
