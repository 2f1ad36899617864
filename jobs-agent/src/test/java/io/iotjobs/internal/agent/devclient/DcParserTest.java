package io.iotjobs.internal.agent.devclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.model.JobDocument;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both schemas of the Device Client's job documents, as its {@code source/jobs/README.md} describes them, and
 * bad documents refused with the field named.
 */
class DcParserTest {

    private static DcDocument parse(String json) {
        return DcParser.parse(JobDocument.parse(json.replace('\'', '"')));
    }

    @Test
    void theStepsSchemaWithAFinalStep() {
        DcDocument document = parse("{'version':'1.0','includeStdOut':true,'steps':["
                + "{'action':{'name':'Install','type':'runHandler','runAsUser':'root','ignoreStepFailure':'true',"
                + "'input':{'handler':'install-packages.sh','args':['curl','jq'],'path':'default'}}},"
                + "{'action':{'name':'Greet','type':'runCommand','input':{'command':'echo,Hello\\\\, world,!'}}}],"
                + "'finalStep':{'action':{'name':'Clean','type':'runHandler','input':{'handler':'remove-packages.sh',"
                + "'args':['jq']}}}}");

        assertThat(document.schema()).isEqualTo(DcDocument.Schema.STEPS);
        assertThat(document.includeStdOut()).isTrue();
        assertThat(document.steps()).hasSize(2);
        DcDocument.Step install = document.steps().get(0);
        assertThat(install.type()).isEqualTo(DcDocument.Type.RUN_HANDLER);
        assertThat(install.handler()).isEqualTo("install-packages.sh");
        assertThat(install.arguments()).containsExactly("curl", "jq");
        assertThat(install.path()).isEqualTo("default");
        assertThat(install.runAsUser()).isEqualTo("root");
        assertThat(install.ignoreStepFailure()).isTrue();
        assertThat(install.allowStdErr())
                .as("the steps schema judges by the exit status")
                .isNull();
        DcDocument.Step greet = document.steps().get(1);
        assertThat(greet.type()).isEqualTo(DcDocument.Type.RUN_COMMAND);
        assertThat(greet.arguments())
                .as("commas split, an escaped comma kept")
                .containsExactly("echo", "Hello, world", "!");
        assertThat(greet.ignoreStepFailure()).isFalse();
        assertThat(document.finalStep().name()).isEqualTo("Clean");
        assertThat(document.allSteps()).extracting(DcDocument.Step::name).containsExactly("Install", "Greet", "Clean");
    }

    @Test
    void emptyOptionalParametersOfAManagedTemplateCountAsAbsent() {
        DcDocument document = parse("{'version':'1.0','steps':[{'action':{'name':'Reboot','type':'runHandler',"
                + "'input':{'handler':'reboot.sh','path':''},'runAsUser':''}}]}");
        assertThat(document.steps().get(0).path()).isNull();
        assertThat(document.steps().get(0).runAsUser()).isNull();
        assertThat(document.steps().get(0).arguments()).isEmpty();
        assertThat(document.includeStdOut()).isFalse();
    }

    @Test
    void theOperationSchemaIsOneStepThatAllowsNoStandardErrorByDefault() {
        DcDocument strict = parse(
                "{'operation':'download-file.sh','args':['https://example.com/a','/tmp/a']," + "'path':'default'}");
        assertThat(strict.schema()).isEqualTo(DcDocument.Schema.OPERATION);
        assertThat(strict.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("download-file.sh");
            assertThat(step.handler()).isEqualTo("download-file.sh");
            assertThat(step.arguments()).containsExactly("https://example.com/a", "/tmp/a");
            assertThat(step.allowStdErr()).isZero();
        });
        assertThat(parse("{'operation':'install-packages.sh','args':['curl'],'allowStdErr':2,'includeStdOut':true}")
                        .steps()
                        .get(0)
                        .allowStdErr())
                .isEqualTo(2);
    }

    @Test
    void whichDocumentsAreDeviceClientDocuments() {
        assertThat(DcParser.isDeviceClientDocument(JobDocument.parse("{\"version\":\"1.0\",\"steps\":[]}")))
                .isTrue();
        assertThat(DcParser.isDeviceClientDocument(JobDocument.parse("{\"operation\":\"reboot.sh\"}")))
                .isTrue();
        assertThat(DcParser.isDeviceClientDocument(JobDocument.parse("{\"operation\":7}")))
                .isFalse();
        assertThat(DcParser.isDeviceClientDocument(JobDocument.parse("{\"firmware\":\"2.4\"}")))
                .isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "{'version':'2.0','steps':[]}|version: must be \"1.0\", got \"2.0\"",
                "{'version':1.0,'steps':[]}|version: must be \"1.0\", got 1.0",
                "{'version':'1.0'}|steps: at least one step is required",
                "{'version':'1.0','steps':{}}|steps: must be a JSON array",
                "{'version':'1.0','steps':[{'name':'x'}]}|steps[0].action: required",
                "{'version':'1.0','steps':[{'action':{'type':'runHandler','input':{'handler':'a.sh'}}}]}|steps[0].action.name: required",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runShell','input':{}}}]}|steps[0].action.type: must be \"runHandler\" or \"runCommand\", got \"runShell\"",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runHandler'}}]}|steps[0].action.input: required",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runHandler','input':{}}}]}|steps[0].action.input.handler: required",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runHandler','input':{'handler':'a.sh','args':['a',2]}}}]}|steps[0].action.input.args[1]: must be a string, got 2",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runHandler','ignoreStepFailure':'yes','input':{'handler':'a.sh'}}}]}|steps[0].action.ignoreStepFailure: must be true or false",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runCommand','input':{'command':'rm -rf,/'}}}]}|steps[0].action.input.command: the program (before the first comma) must be non-empty and without spaces",
                "{'version':'1.0','steps':[{'action':{'name':'x','type':'runCommand','input':{'command':',ls'}}}]}|steps[0].action.input.command: the program",
                "{'version':'1.0','steps':[{'action':{'name':'a','type':'runHandler','input':{'handler':'a.sh'}}}],'finalStep':{'action':{'name':'b','type':'runHandler','input':{}}}}|finalStep.action.input.handler: required",
                "{'operation':''}|operation: required",
                "{'operation':'a.sh','allowStdErr':-1}|allowStdErr: must be a whole number of lines, 0 or more, got -1",
                "{'operation':'a.sh','args':'x'}|args: must be a JSON array, got \"x\""
            })
    void badDocumentsAreRefusedNamingTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aCommandIsSplitOnlyAtUnescapedCommas() {
        assertThat(DcParser.splitCommand("mkdir,newDir", "command")).containsExactly("mkdir", "newDir");
        assertThat(DcParser.splitCommand("printf,%s\\n,a\\b", "command")).containsExactly("printf", "%s\\n", "a\\b");
        assertThat(DcParser.splitCommand("echo,,x,", "command")).containsExactly("echo", "", "x", "");
        assertThat(DcParser.splitCommand("true", "command")).isEqualTo(List.of("true"));
    }
}
