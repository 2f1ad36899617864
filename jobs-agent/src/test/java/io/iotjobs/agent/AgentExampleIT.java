package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented example, run as written against the local service (system clock, real time). */
class AgentExampleIT {

    @TempDir
    Path state;

    @Test
    void theDocumentedExampleInstallsAndRejects() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (MqttConnection serviceConnection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                        .clientId("example-service-" + suffix)
                        .build();
                MqttConnection device = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                        .clientId("dev-1-" + suffix)
                        .build();
                LocalJobsService service =
                        LocalJobsService.builder().connection(serviceConnection).build();
                RawSubscriber notify = new RawSubscriber(broker.serverUri(), "$aws/things/dev-1/jobs/notify")) {
            serviceConnection.connect().get(15, TimeUnit.SECONDS);
            service.start().get(15, TimeUnit.SECONDS);
            device.connect().get(15, TimeUnit.SECONDS);
            JobsAgent agent = AgentExample.startAgent(device, state, new AgentExample.Firmware() {
                @Override
                public void download(String url) {
                    calls.add("download " + url);
                }

                @Override
                public String install() {
                    calls.add("install");
                    return "flashing\nverified\n";
                }
            });
            try {
                service.control()
                        .createJob(JobSpec.builder("install-" + suffix)
                                .targets("dev-1")
                                .document(JobDocument.of(Map.of(
                                        "operation",
                                        "install",
                                        "url",
                                        "https://example.com/fw.bin",
                                        "version",
                                        "2.4.1")))
                                .build());
                service.control()
                        .createJob(JobSpec.builder("reboot-" + suffix)
                                .targets("dev-1")
                                .document(JobDocument.of(Map.of("operation", "reboot")))
                                .build());

                notify.await(
                        "both jobs done (the pending set empties)",
                        1,
                        m -> m.payload().replace(" ", "").contains("\"jobs\":{}"));
                JobExecutionData install = service.control()
                        .describeJobExecution("dev-1", "install-" + suffix)
                        .orElseThrow();
                JobExecutionData reboot = service.control()
                        .describeJobExecution("dev-1", "reboot-" + suffix)
                        .orElseThrow();
                assertThat(install.status()).contains(JobStatus.SUCCEEDED);
                assertThat(install.statusDetails().orElseThrow())
                        .containsEntry("version", "2.4.1")
                        .containsEntry("output", "flashing\u21b5verified");
                assertThat(reboot.status()).contains(JobStatus.REJECTED);
                assertThat(calls).containsExactly("download https://example.com/fw.bin", "install");
            } finally {
                agent.close();
            }
        }
    }
}
