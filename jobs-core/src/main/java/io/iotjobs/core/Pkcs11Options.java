package io.iotjobs.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a device's private key lives on a PKCS#11 token (HSM, TPM, smart card, secure element), for
 * {@link MqttConnectionBuilder#mtlsFromPkcs11}: the vendor's PKCS#11 module, the slot, the user PIN and the key's
 * label. The key never leaves the token: the TLS handshake signs with it there, through the JDK's SunPKCS11
 * provider.
 *
 * <pre>{@code
 * Pkcs11Options token = Pkcs11Options.builder()
 *     .library(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
 *     .slotId(1953150944L)
 *     .userPin("1234".toCharArray())
 *     .privateKeyLabel("device")
 *     .build();
 * }</pre>
 *
 * <p>SunPKCS11 finds a private key through a certificate with the same {@code CKA_ID} on the token: the label is
 * that certificate's label (tools that import a key and its certificate together give both the same label). A
 * certificate given here ({@link Builder#certificateFromPath}) is presented instead of the token's, for example
 * with an intermediate CA after it. The JDK's provider selects a token by slot id or by its index in the module's
 * slot list; it cannot select one by token label.
 *
 * <p>Immutable; the PIN is copied in and out.
 */
public final class Pkcs11Options {

    private final Path library;
    private final Long slotId;
    private final int slotListIndex;
    private final char[] userPin;
    private final String privateKeyLabel;
    private final byte[] certificatePem;

    private Pkcs11Options(Builder builder) {
        this.library = builder.library;
        this.slotId = builder.slotId;
        this.slotListIndex = builder.slotListIndex;
        this.userPin = builder.userPin.clone();
        this.privateKeyLabel = builder.privateKeyLabel;
        this.certificatePem = builder.certificatePem == null ? null : builder.certificatePem.clone();
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The PKCS#11 module.
     *
     * @return the shared library's path
     */
    public Path library() {
        return library;
    }

    /**
     * The slot id, if one was given (otherwise {@link #slotListIndex()} selects the slot).
     *
     * @return the slot id, or {@code null}
     */
    public Long slotId() {
        return slotId;
    }

    /**
     * The index of the slot in the module's slot list, used when no slot id is given (default 0).
     *
     * @return the index
     */
    public int slotListIndex() {
        return slotListIndex;
    }

    /**
     * The user PIN.
     *
     * @return a copy of the PIN
     */
    public char[] userPin() {
        return userPin.clone();
    }

    /**
     * The label of the private key (its certificate's label on the token).
     *
     * @return the label
     */
    public String privateKeyLabel() {
        return privateKeyLabel;
    }

    /**
     * The certificate chain to present instead of the token's, as PEM.
     *
     * @return a copy of the PEM bytes, or {@code null} to present the token's certificate
     */
    public byte[] certificatePem() {
        return certificatePem == null ? null : certificatePem.clone();
    }

    @Override
    public String toString() {
        return "Pkcs11Options{library=" + library + ", "
                + (slotId != null ? "slotId=" + slotId : "slotListIndex=" + slotListIndex) + ", privateKeyLabel="
                + privateKeyLabel
                + (certificatePem != null ? ", certificate given" : "") + "}";
    }

    /** Builds {@link Pkcs11Options}. Not thread-safe. */
    public static final class Builder {
        private Path library;
        private Long slotId;
        private int slotListIndex;
        private boolean slotListIndexSet;
        private char[] userPin;
        private String privateKeyLabel;
        private byte[] certificatePem;

        private Builder() {}

        /**
         * The PKCS#11 module (shared library) of the token's vendor, for example SoftHSM's
         * {@code libsofthsm2.so}.
         *
         * @param library the library's path
         * @return this builder
         */
        public Builder library(Path library) {
            this.library = Objects.requireNonNull(library, "pkcs11.library");
            return this;
        }

        /**
         * The slot holding the token, by id (as {@code pkcs11-tool --list-slots} shows it).
         *
         * @param slotId the slot id, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder slotId(long slotId) {
            if (slotId < 0) {
                throw new IllegalArgumentException("pkcs11.slotId: must not be negative, got " + slotId);
            }
            this.slotId = slotId;
            return this;
        }

        /**
         * The slot holding the token, by its index in the module's slot list (default 0, the first slot).
         *
         * @param index zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder slotListIndex(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("pkcs11.slotListIndex: must not be negative, got " + index);
            }
            this.slotListIndex = index;
            this.slotListIndexSet = true;
            return this;
        }

        /**
         * The user PIN that logs in to the token.
         *
         * @param pin the PIN (copied)
         * @return this builder
         */
        public Builder userPin(char[] pin) {
            this.userPin = Objects.requireNonNull(pin, "pkcs11.userPin").clone();
            return this;
        }

        /**
         * The label of the private key.
         *
         * @param label the label, not empty
         * @return this builder
         */
        public Builder privateKeyLabel(String label) {
            Objects.requireNonNull(label, "pkcs11.privateKeyLabel");
            if (label.isEmpty()) {
                throw new IllegalArgumentException("pkcs11.privateKeyLabel: must not be empty");
            }
            this.privateKeyLabel = label;
            return this;
        }

        /**
         * The certificate chain to present, from a PEM file read now (default: the token's certificate).
         *
         * @param path the PEM file, leaf first
         * @return this builder
         * @throws IllegalArgumentException if the file cannot be read
         */
        public Builder certificateFromPath(Path path) {
            this.certificatePem = MqttConnectionBuilder.read(path, "pkcs11.certificate");
            return this;
        }

        /**
         * The certificate chain to present, as PEM bytes (default: the token's certificate).
         *
         * @param pem the PEM bytes, leaf first
         * @return this builder
         */
        public Builder certificateFromBytes(byte[] pem) {
            this.certificatePem =
                    Objects.requireNonNull(pem, "pkcs11.certificate").clone();
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if the library, PIN or key label is missing, or both a slot id and a
         *     slot list index are given
         */
        public Pkcs11Options build() {
            if (library == null) {
                throw new IllegalArgumentException("pkcs11.library: required, the token vendor's PKCS#11 module");
            }
            if (userPin == null) {
                throw new IllegalArgumentException("pkcs11.userPin: required");
            }
            if (privateKeyLabel == null) {
                throw new IllegalArgumentException("pkcs11.privateKeyLabel: required");
            }
            if (slotId != null && slotListIndexSet) {
                throw new IllegalArgumentException("pkcs11.slotId: give a slot id or a slot list index, not both");
            }
            return new Pkcs11Options(this);
        }
    }
}
