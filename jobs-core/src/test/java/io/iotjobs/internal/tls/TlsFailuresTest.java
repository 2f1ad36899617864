package io.iotjobs.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsFailures} on exceptions shaped like the JDK's (the loopback handshake tests check the real ones).
 */
class TlsFailuresTest {

    /** Stands in for the MQTT client's own exception wrapping the TLS failure. */
    private static Exception wrapped(Throwable cause) {
        return new Exception("connection failed", new IOException("wrapped", cause));
    }

    @Test
    void receivedCertificateAlertsMeanTheClientCertificateWasRejected() {
        for (String alert :
                new String[] {"bad_certificate", "certificate_unknown", "unknown_ca", "certificate_expired"}) {
            assertThat(TlsFailures.explain(wrapped(new SSLHandshakeException("Received fatal alert: " + alert))))
                    .hasValueSatisfying(text -> assertThat(text)
                            .startsWith(TlsFailures.CLIENT_REJECTED)
                            .contains(alert));
        }
        assertThat(TlsFailures.explain(new SSLException("Received fatal alert: certificate_required")))
                .hasValueSatisfying(text -> assertThat(text).contains("requires a client certificate"));
    }

    @Test
    void serverCertificateExpired() {
        CertificateException validation = new CertificateException(
                "PKIX path validation failed",
                new CertPathValidatorException("validity check failed", new CertificateExpiredException("expired")));
        assertThat(TlsFailures.explain(wrapped(new SSLHandshakeException("x").initCause(validation))))
                .contains(TlsFailures.SERVER_EXPIRED);
        CertPathValidatorException byReason = new CertPathValidatorException(
                "validity check failed", null, null, -1, CertPathValidatorException.BasicReason.EXPIRED);
        assertThat(TlsFailures.explain(byReason)).contains(TlsFailures.SERVER_EXPIRED);
    }

    @Test
    void serverCertificateNotTrusted() {
        Throwable failure = new SSLHandshakeException(
                "PKIX path building failed: " + "unable to find valid certification path to requested target");
        assertThat(TlsFailures.explain(wrapped(failure))).contains(TlsFailures.SERVER_NOT_TRUSTED);
    }

    @Test
    void hostNameMismatch() {
        Throwable failure = new SSLHandshakeException("x")
                .initCause(new CertificateException("No subject alternative DNS name matching broker.example found."));
        assertThat(TlsFailures.explain(failure))
                .hasValueSatisfying(text -> assertThat(text)
                        .startsWith(TlsFailures.HOSTNAME_MISMATCH)
                        .contains("broker.example"));
    }

    @Test
    void notTls() {
        assertThat(TlsFailures.explain(new SSLException("Unsupported or unrecognized SSL message")))
                .hasValueSatisfying(text -> assertThat(text).contains("did not answer with TLS"));
    }

    @Test
    void socketErrorInsideTheHandshakeSaysTheServerClosedTheConnection() {
        SocketException brokenPipe = new SocketException("Broken pipe");
        brokenPipe.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("sun.nio.ch.NioSocketImpl", "implWrite", null, -1),
            new StackTraceElement("sun.security.ssl.SSLSocketImpl", "startHandshake", null, -1),
            new StackTraceElement("org.example.Client", "connect", null, -1),
        });
        assertThat(TlsFailures.explain(wrapped(brokenPipe)))
                .hasValueSatisfying(text -> assertThat(text)
                        .startsWith(TlsFailures.CLOSED_DURING_HANDSHAKE)
                        .contains("Broken pipe"));

        SocketException afterHandshake = new SocketException("Broken pipe");
        afterHandshake.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("sun.security.ssl.SSLSocketImpl$AppOutputStream", "write", null, -1),
        });
        assertThat(TlsFailures.explain(afterHandshake)).isEmpty();
    }

    @Test
    void looksAtSuppressedExceptions() {
        Exception closeFailure = new IOException("close failed");
        closeFailure.addSuppressed(new SSLHandshakeException("Received fatal alert: bad_certificate"));
        assertThat(TlsFailures.explain(wrapped(closeFailure)))
                .hasValueSatisfying(text -> assertThat(text).startsWith(TlsFailures.CLIENT_REJECTED));
    }

    @Test
    void unrelatedFailuresAreNotExplained() {
        assertThat(TlsFailures.explain(null)).isEmpty();
        assertThat(TlsFailures.explain(new IOException("Connection refused"))).isEmpty();
        assertThat(TlsFailures.explain(new SSLException((String) null))).isEmpty();
    }

    @Test
    void causeCyclesDoNotLoop() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(TlsFailures.explain(a)).isEmpty();
    }
}
