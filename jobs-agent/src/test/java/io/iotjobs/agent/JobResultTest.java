package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.JobStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobResultTest {

    @Test
    void theReasonIsKeptAsAnyTextMadeValid() {
        JobResult result = JobResult.failed("exit code 2\nstderr: no space left\n" + "x".repeat(3000));
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.reason())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .hasSize(1024)
                        .startsWith("exit code 2\u21b5stderr: no space left\u21b5")
                        .endsWith("\u2026"));
        assertThat(result.details()).containsOnlyKeys(JobResult.REASON_KEY);
        assertThat(JobResult.rejected(null).details()).isEmpty();
    }

    @Test
    void otherDetailsMustBeValidStatusDetails() {
        assertThatThrownBy(() -> JobResult.succeeded(Map.of("bad key", "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad key");
        assertThatThrownBy(() -> JobResult.succeeded(Map.of("log", "a\nb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("statusDetails.log:");
        assertThatThrownBy(() -> JobResult.succeeded().withDetail("size", "9".repeat(1025)))
                .hasMessage("statusDetails.size: must be 1-1024 characters, got 1025");
        Map<String, String> ten = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("k" + i, "v");
        }
        assertThatThrownBy(() -> JobResult.succeeded(ten)).hasMessageStartingWith("statusDetails: at most 9 pairs");
        assertThatThrownBy(() -> JobResult.of(JobStatus.CANCELED, Map.of()))
                .hasMessageStartingWith("status: a job result is SUCCEEDED, FAILED or REJECTED");
    }

    @Test
    void theReasonArgumentWinsOverADetailOfTheSameKeyAndDetailsKeepTheirOrder() {
        JobResult result = JobResult.rejected("no camera", Map.of("reason", "other"))
                .withDetail("model", "x1")
                .withDetail("rev", "3");
        assertThat(result.details())
                .containsExactly(Map.entry("reason", "no camera"), Map.entry("model", "x1"), Map.entry("rev", "3"));
        assertThat(result).isEqualTo(JobResult.of(JobStatus.REJECTED, result.details()));
        assertThat(result.toString()).isEqualTo("REJECTED {reason=no camera, model=x1, rev=3}");
    }
}
