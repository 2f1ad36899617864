package io.iotjobs.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Paho's one-second read timeout applies only once the server has sent its first byte. */
class PatientSocketFactoryTest {

    @Test
    void waitsForTheFirstByteAsLongAsTheAttemptThenTimesOutAsAsked() throws Exception {
        PatientSocketFactory factory = new PatientSocketFactory(NoDelaySocketFactory.INSTANCE, Duration.ofSeconds(10));
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket client = factory.createSocket()) {
                client.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 5000);
                client.setSoTimeout(1000);
                assertThat(client.getSoTimeout()).isEqualTo(1000);
                assertThat(PatientSocketFactory.effectiveTimeout(client)).isEqualTo(10_000);
                assertThat(client.getTcpNoDelay()).isTrue();
                try (Socket accepted = server.accept()) {
                    accepted.getOutputStream().write(new byte[] {42, 43});
                    accepted.getOutputStream().flush();
                    InputStream in = client.getInputStream();
                    assertThat(in.read()).isEqualTo(42);
                    assertThat(PatientSocketFactory.effectiveTimeout(client)).isEqualTo(1000);
                    client.setSoTimeout(500);
                    assertThat(PatientSocketFactory.effectiveTimeout(client)).isEqualTo(500);
                    assertThat(in.read()).isEqualTo(43);
                }
            }
        }
    }

    @Test
    void noTimeoutStaysNoTimeout() throws Exception {
        PatientSocketFactory factory = new PatientSocketFactory(NoDelaySocketFactory.INSTANCE, Duration.ofSeconds(10));
        try (Socket client = factory.createSocket()) {
            client.setSoTimeout(0);
            assertThat(PatientSocketFactory.effectiveTimeout(client)).isZero();
        }
    }
}
