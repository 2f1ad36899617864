package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.JobSpec;
import io.iotjobs.testkit.LocalJobsExtension;
import io.iotjobs.v2.IotJobsClientV2;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS to the testkit's broker with certificates this test makes with BouncyCastle (the version that
 * comes with jobs-core), the README's V2 quick start as the device code.
 */
class MutualTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Path PKI = pki();
    private static final EmbeddedBroker BROKER = EmbeddedBroker.builder()
            .tls(PKI.resolve("server.p12"), PASSWORD, PKI.resolve("trust.p12"), PASSWORD, true)
            .start();

    @RegisterExtension
    static LocalJobsExtension jobs = LocalJobsExtension.builder().brokerUri(BROKER.serverUri()).build();

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void theDeviceWorksItsJobOverMutualTls() throws Exception {
        String thing = jobs.uniqueThingName("tls-device");
        jobs.control().createJob(JobSpec.builder("fw-18")
                .document(JobDocument.parse("{\"operation\":\"install\"}")).targets(thing).build());
        try (MqttConnection connection = MqttConnectionBuilder
                .mtlsFromPath("127.0.0.1", PKI.resolve("device.pem.crt"), PKI.resolve("private.pem.key"))
                .port(BROKER.tlsPort())
                .caFromPath(PKI.resolve("ca.pem"))
                .clientId(thing)
                .build()) {
            connection.connect().join();
            try (IotJobsClientV2 jobsClient = new IotJobsClientV2(connection)) {
                StartNextJobExecutionResponse next = jobsClient.startNextPendingJobExecution(
                        StartNextPendingJobExecutionRequest.builder().thingName(thing).stepTimeoutInMinutes(10)
                                .build()).join();
                next.execution().ifPresent(job -> jobsClient.updateJobExecution(UpdateJobExecutionRequest.builder()
                        .thingName(thing).jobId(job.jobId()).status(JobStatus.SUCCEEDED)
                        .statusDetails(Map.of("result", "done")).build()).join());
            }
        }
        assertThat(jobs.control().describeJobExecution(thing, "fw-18").orElseThrow().status())
                .contains(JobStatus.SUCCEEDED);
    }

    /** A CA, a server certificate for 127.0.0.1 in a PKCS12 key store, a trust store and a device certificate. */
    private static Path pki() {
        try {
            Path dir = Files.createTempDirectory("consumer-pki");
            KeyPair caKey = rsa();
            X500Name caName = new X500Name("CN=Consumer Test CA");
            X509Certificate ca = sign(caName, caKey, caName, caKey, true, null);
            KeyPair serverKey = rsa();
            X509Certificate server = sign(new X500Name("CN=127.0.0.1"), serverKey, caName, caKey, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            KeyPair deviceKey = rsa();
            X509Certificate device = sign(new X500Name("CN=device"), deviceKey, caName, caKey, false, null);

            KeyStore serverStore = KeyStore.getInstance("PKCS12");
            serverStore.load(null, null);
            serverStore.setKeyEntry("server", serverKey.getPrivate(), PASSWORD, new X509Certificate[] {server, ca});
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", ca);
            try (OutputStream out = Files.newOutputStream(dir.resolve("server.p12"))) {
                serverStore.store(out, PASSWORD);
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
                trustStore.store(out, PASSWORD);
            }
            pem(dir.resolve("ca.pem"), ca);
            pem(dir.resolve("device.pem.crt"), device);
            pem(dir.resolve("private.pem.key"), deviceKey.getPrivate());
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI", e);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            boolean ca, GeneralNames names) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
    }

    private static void pem(Path file, Object value) throws Exception {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(value);
        }
    }
}
