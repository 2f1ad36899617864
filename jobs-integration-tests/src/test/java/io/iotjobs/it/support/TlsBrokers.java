package io.iotjobs.it.support;

import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.testkit.EmbeddedBroker;
import java.nio.file.Path;

/** Brokers with a TLS listener for the tests' own public key infrastructure. */
public final class TlsBrokers {

    private TlsBrokers() {}

    /**
     * Writes the PKI's files into a folder and starts an embedded broker whose TLS listener presents the PKI's
     * server certificate ({@code localhost}, {@code 127.0.0.1}) and requires a client certificate of its CA.
     *
     * @param pki the PKI
     * @param folder where its files go (a test's temporary folder)
     * @return the running broker; close it when done
     */
    public static EmbeddedBroker embeddedMutualTls(TestPki pki, Path folder) {
        pki.writeTo(folder);
        char[] password = TestPki.KEY_STORE_PASSWORD.toCharArray();
        return EmbeddedBroker.builder()
                .tls(
                        folder.resolve(TestPki.SERVER_KEY_STORE_FILE),
                        password,
                        folder.resolve(TestPki.TRUST_STORE_FILE),
                        password,
                        true)
                .start();
    }
}
