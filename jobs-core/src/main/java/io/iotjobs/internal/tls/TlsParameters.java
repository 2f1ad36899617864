package io.iotjobs.internal.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Checks the TLS versions and cipher suites asked for against what a TLS context supports, so that a name the JVM
 * does not know, or a combination that can never complete a handshake, fails when the connection is built.
 */
public final class TlsParameters {

    private static final String TLS_1_3 = "TLSv1.3";

    private TlsParameters() {}

    /**
     * The versions to enable: those asked for that the context supports.
     *
     * @param context the TLS context
     * @param wanted the versions from the minimum up, newest first
     * @param minimum the minimum's name, for the message
     * @return the supported versions among them, in the same order
     * @throws IllegalArgumentException naming {@code minimumTlsVersion} if the context supports none of them
     */
    public static List<String> protocols(SSLContext context, List<String> wanted, String minimum) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getProtocols());
        List<String> enabled = new ArrayList<>();
        for (String protocol : wanted) {
            if (supported.contains(protocol)) {
                enabled.add(protocol);
            }
        }
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("minimumTlsVersion: the TLS context supports none of " + wanted
                    + " (minimum " + minimum + "; it supports " + supported + ")");
        }
        return List.copyOf(enabled);
    }

    /**
     * Checks cipher suites.
     *
     * @param context the TLS context
     * @param suites the suites asked for (empty: the context's defaults)
     * @param protocols the versions that will be enabled
     * @return the suites
     * @throws IllegalArgumentException naming {@code cipherSuites} if a suite is unknown to the context, or no
     *     suite can be used with the versions enabled
     */
    public static List<String> cipherSuites(SSLContext context, List<String> suites, List<String> protocols) {
        if (suites.isEmpty()) {
            return suites;
        }
        SSLParameters supportedParameters = context.getSupportedSSLParameters();
        Set<String> supported = Set.of(supportedParameters.getCipherSuites());
        for (String suite : suites) {
            if (!supported.contains(suite)) {
                throw new IllegalArgumentException("cipherSuites: \"" + suite + "\" is not a cipher suite this JVM"
                        + " supports (use JSSE names such as TLS_AES_128_GCM_SHA256 or"
                        + " TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)");
            }
        }
        boolean only13 = protocols.equals(List.of(TLS_1_3));
        boolean any13 = suites.stream().anyMatch(TlsParameters::isTls13Suite);
        if (only13 && !any13) {
            throw new IllegalArgumentException("cipherSuites: none of " + suites + " can be used with TLS 1.3,"
                    + " the minimum version asked for (TLS 1.3 suites: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,"
                    + " TLS_CHACHA20_POLY1305_SHA256)");
        }
        if (!protocols.contains(TLS_1_3) && suites.stream().allMatch(TlsParameters::isTls13Suite)) {
            throw new IllegalArgumentException("cipherSuites: " + suites + " are TLS 1.3 suites, but the TLS context"
                    + " does not support TLS 1.3");
        }
        return List.copyOf(suites);
    }

    /** TLS 1.3 defines its own five suites, none of which names a key exchange. */
    private static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }
}
