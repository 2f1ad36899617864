package io.iotjobs.core;

import java.util.List;

/**
 * The lowest TLS version a connection accepts ({@link MqttConnectionBuilder#minimumTlsVersion}). AWS IoT Core
 * accepts TLS 1.2 and TLS 1.3.
 */
public enum TlsVersion {
    /** TLS 1.2 or 1.3, whichever the server prefers (the default). */
    TLS_1_2("TLSv1.2"),
    /** TLS 1.3 only. */
    TLS_1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /**
     * The JSSE protocol name, for example {@code TLSv1.2}.
     *
     * @return the name
     */
    public String protocolName() {
        return protocolName;
    }

    /**
     * The JSSE protocol names of this version and the newer ones, newest first.
     *
     * @return the names to enable
     */
    List<String> protocolsFromHere() {
        return this == TLS_1_2 ? List.of(TLS_1_3.protocolName, TLS_1_2.protocolName) : List.of(TLS_1_3.protocolName);
    }
}
