package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS without a client certificate, for connections that authenticate otherwise (Signature Version 4 over
 * WebSockets, a custom authorizer): the server is checked against the given CA certificates or the JVM's trust
 * store.
 */
public final class TrustOnlyTls {

    private TrustOnlyTls() {
    }

    /**
     * The TLS settings (ALPN and host name verification still to be set).
     *
     * @param caPem the CA certificates to trust in PEM, or {@code null} for the JVM's trust store
     * @return the settings builder
     * @throws IllegalArgumentException naming {@code ca} if the PEM holds no usable certificate
     */
    public static TlsSettings.Builder tlsSettings(byte[] caPem) {
        TlsSettings.Builder settings = TlsSettings.builder();
        if (caPem == null) {
            return settings;
        }
        Collection<? extends Certificate> cas;
        try {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("ca: not a PEM certificate: " + e.getMessage(), e);
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("ca: no certificate found in the PEM");
        }
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return settings.trustManagers(List.of(tmf.getTrustManagers()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS trust: " + e, e);
        }
    }
}
