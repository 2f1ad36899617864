package io.iotjobs.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusDetailsTest {

    @Test
    void theTailKeepsTheEndOfLongOutputWithinTheLimitAndMarksTheCut() {
        StringBuilder output = new StringBuilder();
        for (int line = 1; line <= 500; line++) {
            output.append("line ").append(line).append('\n');
        }
        String tail = StatusDetails.tail(output, 1024);
        assertThat(tail).hasSize(1024).startsWith("\u2026").endsWith("line 499\u21b5line 500");
    }

    @Test
    void controlCharactersAreReplacedSoTheServiceAcceptsTheValue() {
        String clean = StatusDetails.tail("ok\r\nwarn\tx\u0007y\u200bz\n\n", 100);
        assertThat(clean).isEqualTo("ok\u21b5warn x\ufffdy\ufffdz");
        assertThat(StatusDetails.checkValue("v", clean, 100)).isEqualTo(clean);
    }

    @Test
    void cutsNeverSplitASurrogatePair() {
        String emoji = "\ud83d\ude00";
        String text = "ab" + emoji.repeat(10);
        assertThat(StatusDetails.tail(text, 6)).isEqualTo("\u2026" + emoji + emoji);
        assertThat(StatusDetails.head(text, 6)).isEqualTo("ab" + emoji + "\u2026");
    }

    @Test
    void emptyTextGivesNoValue() {
        assertThat(StatusDetails.tail("\n", 10)).isNull();
        assertThat(StatusDetails.head("", 10)).isNull();
    }

    @Test
    void badKeysAndValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> StatusDetails.checkKey("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("statusDetails: key must be 1-128 characters");
        assertThatThrownBy(() -> StatusDetails.checkValue("statusDetails.step", "a\nb", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statusDetails.step: must not contain control or unassigned characters, found U+000A at "
                        + "index 1");
        assertThatThrownBy(() -> StatusDetails.checkValue("step", "", 10))
                .hasMessage("step: must be 1-10 characters, " + "got 0");
        assertThatThrownBy(() -> StatusDetails.checkAll(Map.of("a", "1", "b", "2"), 1, 10))
                .hasMessage("statusDetails: at most 1 pairs here, got 2");
    }

    @Test
    void fitKeepsTheNamedKeysFirstAndDropsWhatDoesNotFit() {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) {
            details.put("k" + i, "v" + i);
        }
        details.put("reason", "x".repeat(2000));
        Map<String, String> fitted = StatusDetails.fit(details, JobsLimits.DEFAULT, "reason");
        assertThat(fitted)
                .hasSize(10)
                .containsKey("reason")
                .containsKeys("k1", "k9")
                .doesNotContainKey("k10");
        assertThat(fitted.keySet()).first().isEqualTo("reason");
        assertThat(fitted.get("reason")).hasSize(1024).endsWith("\u2026");
    }
}
