package io.iotjobs.internal.tls;

import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a TLS failure seen by a client (an {@code SSLHandshakeException} or another {@code SSLException},
 * possibly wrapped by the MQTT client) into a one-line explanation a user can act on.
 *
 * <p>The JDK's own messages name the TLS mechanism ("PKIX path building failed", "Received fatal alert:
 * bad_certificate") rather than the cause; this class recognises the common causes of a failed mutual-TLS
 * connection: the server certificate not trusted, expired or issued for another host, and the client
 * certificate refused by the server.
 */
public final class TlsFailures {

    /** Explanation for a server certificate that does not chain to a trusted CA. */
    public static final String SERVER_NOT_TRUSTED =
            "the server's certificate is not trusted by the CA you gave (or the JVM trust store)";
    /** Explanation for a server certificate outside its validity period. */
    public static final String SERVER_EXPIRED =
            "the server's certificate has expired or is not yet valid (check the certificate and this machine's clock)";
    /** Start of the explanation for a client certificate the server refused. */
    public static final String CLIENT_REJECTED = "the broker rejected the client certificate";
    /** Start of the explanation for a server certificate issued for another host. */
    public static final String HOSTNAME_MISMATCH = "the server's certificate does not match the host name";

    /** Start of the explanation for a connection the server closed during the handshake. */
    public static final String CLOSED_DURING_HANDSHAKE = "the server closed the connection during the TLS handshake"
            + " (if it is the MQTT broker's TLS port, it may have rejected the client certificate)";

    private static final String RECEIVED_ALERT = "received fatal alert: ";
    private static final int MAX_DEPTH = 32;

    private TlsFailures() {}

    /**
     * Explains a TLS failure.
     *
     * @param failure the failure, or any exception with the TLS failure somewhere in its cause chain or among
     *     the exceptions suppressed along it; may be {@code null}
     * @return a one-line explanation, or empty if no known TLS failure is found
     */
    public static Optional<String> explain(Throwable failure) {
        List<Throwable> chain = chain(failure);
        if (chain.isEmpty()) {
            return Optional.empty();
        }

        // the server sent an alert: it refused something of ours
        for (Throwable t : chain) {
            String alert = receivedAlert(t);
            if (alert == null) {
                continue;
            }
            switch (alert) {
                case "bad_certificate":
                case "certificate_unknown":
                case "unknown_ca":
                case "certificate_expired":
                case "certificate_revoked":
                case "unsupported_certificate":
                    return Optional.of(CLIENT_REJECTED + " (TLS alert " + alert
                            + "): check that it is signed by a CA the broker trusts, is registered and active there,"
                            + " and has not expired");
                case "certificate_required":
                    return Optional.of("the broker requires a client certificate and none was sent"
                            + " (TLS alert certificate_required)");
                case "no_application_protocol":
                    return Optional.of("the broker does not accept the ALPN protocol offered"
                            + " (TLS alert no_application_protocol)");
                case "handshake_failure":
                case "protocol_version":
                case "insufficient_security":
                    return Optional.of("the broker refused the TLS handshake (TLS alert " + alert
                            + "): no TLS version or cipher suite in common, or a client certificate was required");
                default:
                    return Optional.of("the broker ended the TLS handshake with the alert " + alert);
            }
        }

        // our checks of the server's certificate failed
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return Optional.of(SERVER_EXPIRED);
            }
            if (t instanceof CertPathValidatorException) {
                CertPathValidatorException.Reason reason = ((CertPathValidatorException) t).getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED
                        || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return Optional.of(SERVER_EXPIRED);
                }
            }
        }
        for (Throwable t : chain) {
            String message = message(t);
            if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
                return Optional.of(HOSTNAME_MISMATCH + " (" + message + ")");
            }
        }
        for (Throwable t : chain) {
            String message = message(t);
            if (t instanceof CertPathBuilderException
                    || (t instanceof CertPathValidatorException
                            && ((CertPathValidatorException) t).getReason() == PKIXReason.NO_TRUST_ANCHOR)
                    || message.contains("PKIX path building failed")
                    || message.contains("unable to find valid certification path")) {
                return Optional.of(SERVER_NOT_TRUSTED);
            }
        }

        // the other end does not speak TLS, or hung up
        for (Throwable t : chain) {
            String message = message(t);
            if (message.contains("Unsupported or unrecognized SSL message")) {
                return Optional.of("the server did not answer with TLS (is this a plain-TCP MQTT port?)");
            }
            if (message.contains("Remote host terminated the handshake")) {
                return Optional.of(CLOSED_DURING_HANDSHAKE);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SocketException && duringHandshake(t)) {
                return Optional.of(CLOSED_DURING_HANDSHAKE + " (" + t.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a socket error happened inside the JDK's TLS handshake. With TLS 1.3 a server that refuses the
     * client certificate may close the connection before the client has written its last handshake message;
     * the client then sees a reset or a broken pipe instead of the server's alert.
     */
    private static boolean duringHandshake(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("sun.security.ssl.")
                    && frame.getMethodName().equals("startHandshake")) {
                return true;
            }
        }
        return false;
    }

    private static String receivedAlert(Throwable t) {
        String message = message(t);
        int at = message.toLowerCase(Locale.ROOT).indexOf(RECEIVED_ALERT);
        if (at < 0) {
            return null;
        }
        String rest = message.substring(at + RECEIVED_ALERT.length());
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
            end++;
        }
        return end == 0 ? null : rest.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null ? "" : message;
    }

    private static List<Throwable> chain(Throwable failure) {
        // the causes first, then what was suppressed along the way (where a second failure may hide the first)
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.add(failure);
        }
        while (!pending.isEmpty() && chain.size() < MAX_DEPTH) {
            List<Throwable> suppressed = new ArrayList<>();
            for (Throwable t = pending.poll(); t != null && chain.size() < MAX_DEPTH && seen.add(t); t = t.getCause()) {
                chain.add(t);
                suppressed.addAll(List.of(t.getSuppressed()));
            }
            pending.addAll(suppressed);
        }
        return chain;
    }
}
