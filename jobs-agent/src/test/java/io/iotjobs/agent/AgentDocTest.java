package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example in docs/agent.md is the code of {@link AgentExample}, which compiles and runs. */
class AgentDocTest {

    @Test
    void theDocumentedExampleIsTheCompiledOne() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        String doc = Files.readString(module.resolveSibling("docs").resolve("agent.md"), StandardCharsets.UTF_8);
        String source = Files.readString(
                module.resolve("src/test/java/io/iotjobs/agent/AgentExample.java"), StandardCharsets.UTF_8);

        int blockStart = doc.indexOf("```java\n") + "```java\n".length();
        String documented = doc.substring(blockStart, doc.indexOf("```", blockStart));
        int methodStart = source.lastIndexOf('\n', source.indexOf("static JobsAgent startAgent(")) + 1;
        int methodEnd = source.indexOf("\n    }\n", methodStart) + "\n    }\n".length();
        String compiled = source.substring(methodStart, methodEnd);

        assertThat(normalized(documented)).isEqualTo(normalized(compiled));
        assertThat(normalized(documented)).hasSizeLessThanOrEqualTo(22);
    }

    private static List<String> normalized(String code) {
        List<String> lines =
                Arrays.stream(code.split("\n")).filter(line -> !line.isBlank()).collect(Collectors.toList());
        int indent = lines.stream()
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream()
                .map(line -> line.substring(indent).stripTrailing())
                .collect(Collectors.toList());
    }
}
