package io.iotjobs.internal.auth;

import java.nio.charset.StandardCharsets;

/** Percent-encoding as Signature Version 4 wants it (RFC 3986: everything but {@code A-Z a-z 0-9 - _ . ~}). */
public final class QueryEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QueryEncoding() {}

    /**
     * Encodes a value: each byte of its UTF-8 form that is not unreserved becomes {@code %XY} (upper-case hex).
     *
     * @param value the value
     * @return the encoded value
     */
    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
