package io.iotjobs.internal.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.spi.TlsSettings;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The TLS setup handed to the HiveMQ client: its engines offer ALPN and SNI; host names are checked by default. */
class NettyTlsTest {

    private static final String ALPN = "x-amzn-mqtt-ca";

    @Test
    void enginesOfferTheAlpnProtocolsAndSendTheHostNameAsSni() {
        NettyTls tls =
                NettyTls.of(TlsSettings.builder().alpnProtocols(List.of(ALPN)).build(), Duration.ofSeconds(7));

        SSLEngine engine = tls.context().newEngine(ByteBufAllocator.DEFAULT, "broker", 443);

        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getSSLParameters().getApplicationProtocols()).containsExactly(ALPN);
        assertThat(engine.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("broker"));
        assertThat(tls.hiveConfig().getHandshakeTimeoutMs()).isEqualTo(7000);
    }

    @Test
    void anIpAddressGetsNoSniAndNoAlpnIsOfferedUnlessAsked() {
        NettyTls tls = NettyTls.of(TlsSettings.builder().build(), Duration.ofSeconds(1));

        SSLEngine engine = tls.context().newEngine(ByteBufAllocator.DEFAULT, "127.0.0.1", 8883);

        assertThat(engine.getSSLParameters().getServerNames()).isNullOrEmpty();
        assertThat(engine.getSSLParameters().getApplicationProtocols()).isEmpty();
    }

    @Test
    void hostNamesAreCheckedUnlessTurnedOff() {
        // no verifier of its own: the client asks the TLS engine for the HTTPS host name check
        assertThat(NettyTls.of(TlsSettings.builder().build(), Duration.ofSeconds(1))
                        .hiveConfig()
                        .getHostnameVerifier())
                .isEmpty();
        assertThat(NettyTls.of(TlsSettings.builder().verifyHostname(false).build(), Duration.ofSeconds(1))
                        .hiveConfig()
                        .getHostnameVerifier()
                        .orElseThrow()
                        .verify("anything", null))
                .isTrue();
    }

    @Test
    void enginesEnableOnlyTheVersionsAndCipherSuitesGiven() {
        NettyTls tls = NettyTls.of(
                TlsSettings.builder()
                        .protocols(List.of("TLSv1.3"))
                        .cipherSuites(List.of("TLS_CHACHA20_POLY1305_SHA256"))
                        .build(),
                Duration.ofSeconds(1));

        SSLEngine engine = tls.context().newEngine(ByteBufAllocator.DEFAULT, "broker", 8883);

        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(engine.getEnabledCipherSuites()).containsExactly("TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void withoutVersionsOrSuitesTheContextsDefaultsAreKept() {
        SSLEngine engine = NettyTls.of(TlsSettings.builder().build(), Duration.ofSeconds(1))
                .context()
                .newEngine(ByteBufAllocator.DEFAULT, "broker", 8883);

        assertThat(engine.getEnabledProtocols()).contains("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites().length).isGreaterThan(1);
    }
}
