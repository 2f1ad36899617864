package io.iotjobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values never share mutable state with their builder's arguments and cannot be changed afterwards. */
class ModelImmutabilityTest {

    @Test
    void statusDetailsAreCopiedAndUnmodifiable() {
        Map<String, String> details = new HashMap<>();
        details.put("step", "download");
        UpdateJobExecutionRequest request = UpdateJobExecutionRequest.builder()
                .thingName("t")
                .jobId("j")
                .status(JobStatus.IN_PROGRESS)
                .statusDetails(details)
                .build();
        details.put("step", "changed later");
        assertThat(request.statusDetails()).contains(Map.of("step", "download"));
        assertThatThrownBy(() -> request.statusDetails().orElseThrow().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(request)
                .isEqualTo(UpdateJobExecutionRequest.builder()
                        .thingName("t")
                        .jobId("j")
                        .status(JobStatus.IN_PROGRESS)
                        .statusDetails(Map.of("step", "download"))
                        .build());
    }

    @Test
    void everyTypeWithStatusDetailsFreezesThem() {
        Map<String, String> details = new HashMap<>(Map.of("a", "1"));
        List<Map<String, String>> frozen = List.of(
                StartNextPendingJobExecutionRequest.builder()
                        .thingName("t")
                        .statusDetails(details)
                        .build()
                        .statusDetails()
                        .orElseThrow(),
                JobExecutionState.builder()
                        .statusDetails(details)
                        .build()
                        .statusDetails()
                        .orElseThrow(),
                JobExecutionData.builder()
                        .jobId("j")
                        .statusDetails(details)
                        .build()
                        .statusDetails()
                        .orElseThrow());
        details.put("b", "2");
        for (Map<String, String> map : frozen) {
            assertThat(map).containsExactly(Map.entry("a", "1"));
            assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void statusDetailsKeepInsertionOrder() {
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        for (int i = 9; i >= 0; i--) {
            ordered.put("k" + i, "v" + i);
        }
        JobExecutionState state =
                JobExecutionState.builder().statusDetails(ordered).build();
        assertThat(state.statusDetails().orElseThrow().keySet()).containsExactlyElementsOf(ordered.keySet());
    }

    @Test
    void nullKeysOrValuesInStatusDetailsAreRejectedNamingTheField() {
        Map<String, String> withNull = new HashMap<>();
        withNull.put("reason", null);
        assertThatThrownBy(() -> UpdateJobExecutionRequest.builder()
                        .thingName("t")
                        .jobId("j")
                        .status(JobStatus.FAILED)
                        .statusDetails(withNull)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("statusDetails.reason: null value");
    }

    @Test
    void theListsOfANotifySnapshotAreCopiedAndUnmodifiable() {
        List<JobExecutionSummary> queued =
                new ArrayList<>(List.of(JobExecutionSummary.builder().jobId("a").build()));
        JobExecutionsChangedEvent event = JobExecutionsChangedEvent.builder()
                .putJobs(JobStatus.QUEUED, queued)
                .build();
        queued.add(JobExecutionSummary.builder().jobId("b").build());
        assertThat(event.queued()).extracting(JobExecutionSummary::jobId).containsExactly("a");
        assertThatThrownBy(() -> event.queued()
                        .add(JobExecutionSummary.builder().jobId("c").build()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.jobs().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownOrNullStatusSpellingsAreUnknown() {
        assertThat(JobStatus.fromWireName(null)).isEqualTo(JobStatus.UNKNOWN);
        assertThat(RejectedErrorCode.fromWireName(null)).isEqualTo(RejectedErrorCode.UNKNOWN);
    }
}
