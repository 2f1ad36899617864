package io.iotjobs.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's settings from JSON and properties files, and bad settings refused with the file and key named. */
class DaemonConfigTest {

    @TempDir
    Path dir;

    private Path cert;
    private Path key;

    @BeforeEach
    void credentials() throws Exception {
        cert = Files.writeString(dir.resolve("device.pem.crt"), "certificate");
        key = Files.writeString(dir.resolve("private.pem.key"), "key");
    }

    private DaemonConfig read(String name, String text, boolean local) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text.replace('\'', '"'), StandardCharsets.UTF_8);
        return DaemonConfig.read(ConfigFile.read(file), file.toString(), local);
    }

    @Test
    void aJsonFileAndAPropertiesFileSayTheSame() throws Exception {
        DaemonConfig json = read(
                "agent.json",
                "{'thingName':'dev-1','connection':{'endpoint':'abc-ats.iot.eu-west-1"
                        + ".amazonaws.com','certificate':'" + cert + "','privateKey':'" + key
                        + "'},'handlerDirectories':"
                        + "['/opt/handlers','/opt/more'],'checkpointDirectory':'/var/lib/agent','features':{'runCommands':true},"
                        + "'stepTimeLimit':'10m','jobTimeLimit':'PT2H','stepTimeoutMinutes':15,'environment':{'HTTPS_PROXY':"
                        + "'http://proxy:3128'}}",
                false);
        DaemonConfig properties = read(
                "agent.properties",
                "thingName=dev-1\n"
                        + "connection.endpoint=abc-ats.iot.eu-west-1.amazonaws.com\nconnection.certificate=" + cert
                        + "\n"
                        + "connection.privateKey=" + key + "\nhandlerDirectories=/opt/handlers, /opt/more\n"
                        + "checkpointDirectory=/var/lib/agent\nfeatures.runCommands=true\nstepTimeLimit=10m\n"
                        + "jobTimeLimit=PT2H\nstepTimeoutMinutes=15\nenvironment.HTTPS_PROXY=http://proxy:3128\n",
                false);

        assertThat(properties).isEqualTo(json);
        assertThat(json.thingName()).isEqualTo("dev-1");
        assertThat(json.connection().kind()).isEqualTo(DaemonConfig.Kind.MTLS);
        assertThat(json.connection().port()).isEqualTo(8883);
        assertThat(json.connection().clientId()).isEqualTo("dev-1");
        assertThat(json.handlerDirectories()).containsExactly(Path.of("/opt/handlers"), Path.of("/opt/more"));
        assertThat(json.deviceClientJobs()).isTrue();
        assertThat(json.runCommands()).isTrue();
        assertThat(json.stepTimeLimit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(json.jobTimeLimit()).isEqualTo(Duration.ofHours(2));
        assertThat(json.stepTimeoutMinutes()).isEqualTo(15);
        assertThat(json.environment()).isEqualTo(Map.of("HTTPS_PROXY", "http://proxy:3128"));
    }

    @Test
    void aPlainConnectionWithAPasswordFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("password"), "s3cret\n");
        DaemonConfig config = read(
                "agent.json",
                "{'thingName':'dev-1','connection':{'type':'plain','endpoint':"
                        + "'broker.local','username':'dev','passwordFile':'" + secret
                        + "'},'features':{'deviceClientJobs':"
                        + "false}}",
                false);
        assertThat(config.connection().kind()).isEqualTo(DaemonConfig.Kind.PLAIN);
        assertThat(config.connection().port()).isEqualTo(1883);
        assertThat(config.connection().password()).isEqualTo("s3cret");
        assertThat(config.handlerDirectories()).isEmpty();
    }

    @Test
    void theLocalSwitchNeedsNoSettings() throws Exception {
        DaemonConfig config = DaemonConfig.read(Map.of(), "(no file)", true);
        assertThat(config.thingName()).isEqualTo(DaemonConfig.LOCAL_THING);
        assertThat(config.connection()).isNull();
        assertThat(config.handlerDirectories()).isEmpty();
        assertThat(config.runCommands()).isFalse();
    }

    @Test
    void badSettingsAreRefusedNamingTheFileAndTheKey() throws Exception {
        String base = "'connection':{'endpoint':'e','certificate':'" + cert + "','privateKey':'" + key
                + "'},'handlerDirectories':['/h']";
        for (Map.Entry<String, String> bad : Map.of(
                        "{" + base + "}",
                        "thingName: required",
                        "{'thingName':'dev/#'," + base + "}",
                        "thingName: must be 1-128 characters of [a-zA-Z0-9:_-]",
                        "{'thingName':'d'," + base + ",'handlerDirectory':'/x'}",
                        "handlerDirectory: not a setting of the agent",
                        "{'thingName':'d'," + base + ",'stepTimeLimit':'soon'}",
                        "stepTimeLimit: must be a positive duration",
                        "{'thingName':'d'," + base + ",'stepTimeoutMinutes':0}",
                        "stepTimeoutMinutes: must be a whole number from 1",
                        "{'thingName':'d'," + base + ",'features':{'runCommands':'yes'}}",
                        "features.runCommands: must be true or false",
                        "{'thingName':'d','connection':{'type':'websocket','endpoint':'e'}}",
                        "connection.type: must be mtls or plain",
                        "{'thingName':'d','connection':{'endpoint':'e','certificate':'/missing.pem','privateKey':'"
                                + key + "'}}",
                        "connection.certificate: cannot read /missing.pem",
                        "{'thingName':'d','connection':{'endpoint':'e','certificate':'" + cert + "','privateKey':'"
                                + key + "'}}",
                        "handlerDirectories: required",
                        "{'thingName':'d','connection':{'type':'plain','endpoint':'e','password':'x'},'handlerDirectories':['/h']}",
                        "connection.username: required with a password")
                .entrySet()) {
            assertThatThrownBy(() -> read("agent.json", bad.getKey(), false))
                    .as(bad.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(dir.resolve("agent.json") + ": " + bad.getValue());
        }
        assertThatThrownBy(() -> read("agent.json", "{'thingName':", false))
                .hasMessageStartingWith(dir.resolve("agent.json") + ": jobDocument: not valid JSON");
    }

    @Test
    void listsInPropertiesAreSeparatedByCommas() throws Exception {
        assertThat(ConfigFile.fromProperties("handlerDirectories=/a,,/b ,\nthingName=x\n"))
                .containsEntry("handlerDirectories", List.of("/a", "/b"))
                .containsEntry("thingName", "x");
    }
}
