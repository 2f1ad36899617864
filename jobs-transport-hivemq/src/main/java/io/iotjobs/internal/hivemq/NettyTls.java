package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.internal.net.IpLiterals;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for the HiveMQ clients the SDK builds: a Netty {@link SslContext} over the same JSSE {@link SSLContext} the
 * Paho transports use (the user's own, or one made from the key and trust managers), with the ALPN protocols, and
 * the HiveMQ SSL configuration that turns TLS on with the handshake timeout and the host name check.
 *
 * <p>The HiveMQ client 1.3 has no ALPN option: its SSL configuration takes key and trust manager factories only,
 * and it builds its Netty context from them the first time it connects, unless its configuration already holds one
 * ({@code MqttClientConfig.setCurrentSslContext}, the cache it keeps per transport configuration). The transport
 * puts this context there before every connection attempt, so every handshake uses it.
 *
 * @param context the Netty context
 * @param hiveConfig the HiveMQ SSL configuration
 */
record NettyTls(SslContext context, MqttClientSslConfig hiveConfig) {

    /** Accepts any host name: what {@code verifyHostname(false)} asks for. */
    private static final HostnameVerifier ANY_HOST = (host, session) -> true;

    /**
     * Builds both from the settings.
     *
     * @param tls the TLS settings
     * @param handshakeTimeout the bound on the TLS handshake
     * @return the TLS setup
     * @throws IllegalArgumentException if the JVM cannot make the TLS context
     */
    static NettyTls of(TlsSettings tls, Duration handshakeTimeout) {
        SSLContext jsse;
        try {
            jsse = tls.context();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("tls: " + e.getMessage(), e);
        }
        // without a verifier of its own, the HiveMQ client asks the TLS engine to check the host name (HTTPS rules)
        MqttClientSslConfig hiveConfig = MqttClientSslConfig.builder()
                .handshakeTimeout(Math.max(1, handshakeTimeout.toMillis()), TimeUnit.MILLISECONDS)
                .hostnameVerifier(tls.verifyHostname() ? null : ANY_HOST)
                .build();
        return new NettyTls(new WithServerName(nettyContext(jsse, tls)), hiveConfig);
    }

    /**
     * Netty's wrapper of an existing JSSE context: the one way Netty 4.1 offers to use a context the caller made
     * (its builder makes contexts only from keys, certificates and manager factories). The TLS versions and cipher
     * suites are the settings' when given, otherwise the context's own defaults, as on the Paho transports.
     */
    @SuppressWarnings("deprecation")
    private static SslContext nettyContext(SSLContext jsse, TlsSettings tls) {
        List<String> alpn = tls.alpnProtocols();
        SSLParameters defaults = jsse.getDefaultSSLParameters();
        List<String> suites = tls.cipherSuites().isEmpty() ? List.of(defaults.getCipherSuites()) : tls.cipherSuites();
        String[] versions = tls.protocols().isEmpty()
                ? defaults.getProtocols()
                : tls.protocols().toArray(new String[0]);
        ApplicationProtocolConfig protocols = alpn.isEmpty()
                ? null
                : new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        // a server that selects none is accepted, as the Paho transports accept it
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        alpn);
        return new JdkSslContext(
                jsse, true, suites, IdentityCipherSuiteFilter.INSTANCE, protocols, ClientAuth.NONE, versions, false);
    }

    /**
     * Sends the host name as SNI for every DNS name, as the Paho transports do: the JDK sends it on its own only for
     * names with a dot, so a broker named {@code localhost} or by a single-label service name would get none.
     */
    private static final class WithServerName extends DelegatingSslContext {
        WithServerName(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            String host = engine.getPeerHost();
            if (host == null || IpLiterals.isIpLiteral(host)) {
                return;
            }
            SSLParameters parameters = engine.getSSLParameters();
            try {
                parameters.setServerNames(
                        List.of(new SNIHostName(host.endsWith(".") ? host.substring(0, host.length() - 1) : host)));
            } catch (IllegalArgumentException notAnSniName) {
                return;
            }
            engine.setSSLParameters(parameters);
        }
    }
}
