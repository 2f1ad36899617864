package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.LocalJobsService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands' remote mode ({@code --endpoint --cert --key --ca --port --thing}), which goes through
 * {@code MqttConnectionBuilder.mtlsFromPath} as it would to AWS IoT: here to the embedded broker's TLS listener,
 * which requires a client certificate, with the local Jobs service on the same broker.
 */
class MutualTlsIT {

    @TempDir
    static Path pki;

    private static EmbeddedBroker broker;
    private static MqttConnection serviceConnection;
    private static LocalJobsService service;

    @BeforeAll
    static void startBrokerWithTlsAndService() {
        TestPki.shared().writeTo(pki);
        char[] password = TestPki.KEY_STORE_PASSWORD.toCharArray();
        broker = EmbeddedBroker.builder()
                .tls(
                        pki.resolve(TestPki.SERVER_KEY_STORE_FILE),
                        password,
                        pki.resolve(TestPki.TRUST_STORE_FILE),
                        password,
                        true)
                .start();
        serviceConnection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .clientId("tls-it-service")
                .build();
        serviceConnection.connect().join();
        service = LocalJobsService.builder().connection(serviceConnection).build();
        service.start().join();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (serviceConnection != null) {
            serviceConnection.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String[] endpointArgs(String command, String thing, String cert, String key) {
        return new String[] {
            command,
            "--endpoint",
            "127.0.0.1",
            "--port",
            String.valueOf(broker.tlsPort()),
            "--cert",
            pki.resolve(cert).toString(),
            "--key",
            pki.resolve(key).toString(),
            "--ca",
            pki.resolve(TestPki.CA_CERT_FILE).toString(),
            "--thing",
            thing,
            "--until-idle",
            "--work-time",
            "0ms"
        };
    }

    @Test
    void v2ProcessorOverMutualTls() {
        List<DemoJobs.DemoJob> queued = TestJobs.queueDemoJobs(service.control(), "tls-device-v2");

        Run run = Run.of(endpointArgs(
                "job-processor-v2", "tls-device-v2", TestPki.CLIENT_RSA_CERT_FILE, TestPki.CLIENT_RSA_PKCS1_KEY_FILE));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("on endpoint 127.0.0.1:" + broker.tlsPort() + " (mutual TLS)")
                .containsPattern("tls-device-v2-factory-reset +IN_PROGRESS -> REJECTED +v3");
        for (DemoJobs.DemoJob job : queued) {
            assertThat(service.control()
                            .describeJobExecution("tls-device-v2", job.jobId())
                            .orElseThrow()
                            .status())
                    .contains(job.expectedStatus());
        }
    }

    @Test
    void v1ProcessorOverMutualTlsWithAnEcKey() {
        TestJobs.queueDemoJobs(service.control(), "tls-device-v1");

        Run run = Run.of(endpointArgs(
                "job-processor", "tls-device-v1", TestPki.CLIENT_EC_CERT_FILE, TestPki.CLIENT_EC_SEC1_KEY_FILE));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(service.control()
                        .describeJobExecution("tls-device-v1", "tls-device-v1-firmware-2-4-1")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.SUCCEEDED);
        assertThat(service.control()
                        .describeJobExecution("tls-device-v1", "tls-device-v1-factory-reset")
                        .orElseThrow()
                        .status())
                .contains(JobStatus.REJECTED);
    }

    @Test
    void aCertificateTheBrokerDoesNotTrustIsAFailureWithExitCodeOne() {
        Run run = Run.of(endpointArgs(
                "job-processor-v2",
                "tls-device-refused",
                TestPki.OTHER_CLIENT_CERT_FILE,
                TestPki.OTHER_CLIENT_KEY_FILE));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("error: cannot connect to endpoint 127.0.0.1:" + broker.tlsPort() + " (mutual TLS): ");
    }
}
