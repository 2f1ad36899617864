package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder and the lifecycle rules that need no running broker. */
class EmbeddedBrokerTest {

    @Test
    void portIsUnknownUntilTheFirstStartWhenAFreePortIsAskedFor() {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().build()) {
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(broker::port)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start()");
            assertThatThrownBy(broker::serverUri).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(broker::tlsPort)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no TLS listener");
        }
    }

    @Test
    void aFixedPortIsKnownBeforeStart() {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().port(18831).build()) {
            assertThat(broker.port()).isEqualTo(18831);
            assertThat(broker.serverUri()).isEqualTo("tcp://127.0.0.1:18831");
        }
    }

    @Test
    void rejectsInvalidSettings(@TempDir Path folder) throws Exception {
        EmbeddedBroker.Builder builder = EmbeddedBroker.builder();
        assertThatThrownBy(() -> builder.port(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> builder.port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.receiveMaximum(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("receiveMaximum");
        assertThatThrownBy(() -> builder.receiveMaximum(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.startTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startTimeout");
        assertThatThrownBy(() -> builder.persistence(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("persistence");

        Path keyStore = Files.createFile(folder.resolve("server.p12"));
        char[] password = "secret".toCharArray();
        assertThatThrownBy(() -> builder.tls(folder.resolve("missing.p12"), password, null, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyStorePkcs12");
        assertThatThrownBy(() -> builder.tls(keyStore, password, null, null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trustStore");
        assertThatThrownBy(() -> builder.tls(keyStore, password, keyStore, null, true))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("trustStorePassword");

        assertThatThrownBy(() -> EmbeddedBroker.builder().tlsPort(8883).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tls(");
        assertThatThrownBy(() -> EmbeddedBroker.builder()
                        .port(8883)
                        .tls(keyStore, password, null, null, false)
                        .tlsPort(8883)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differ");
    }

    @Test
    void tlsUrisUseTheTlsPort(@TempDir Path folder) throws Exception {
        Path keyStore = Files.createFile(folder.resolve("server.p12"));
        try (EmbeddedBroker broker = EmbeddedBroker.builder()
                .port(18831)
                .tls(keyStore, "secret".toCharArray(), null, null, false)
                .tlsPort(18832)
                .build()) {
            assertThat(broker.tlsPort()).isEqualTo(18832);
            assertThat(broker.tlsServerUri()).isEqualTo("ssl://127.0.0.1:18832");
        }
    }

    @Test
    void closeIsIdempotentAndFinal() {
        EmbeddedBroker broker = EmbeddedBroker.builder().build();
        broker.close();
        broker.close();
        broker.stop(); // nothing to stop
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
