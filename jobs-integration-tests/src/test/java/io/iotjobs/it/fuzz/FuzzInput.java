package io.iotjobs.it.fuzz;

import java.util.Arrays;

/**
 * One fuzz case: the payload bytes and the recipe that made them (seed file and mutations), so that a failure
 * report says how to reproduce the input.
 */
public final class FuzzInput {
    private static final int SHOWN = 400;

    private final String recipe;
    private final byte[] payload;

    /**
     * Creates a case.
     *
     * @param recipe how the payload was made
     * @param payload the bytes (not copied)
     */
    public FuzzInput(String recipe, byte[] payload) {
        this.recipe = recipe;
        this.payload = payload;
    }

    /**
     * How the payload was made.
     *
     * @return e.g. {@code update-request.json | replace(expectedVersion) | truncate(37)}
     */
    public String recipe() {
        return recipe;
    }

    /**
     * The payload.
     *
     * @return a copy of the bytes
     */
    public byte[] payload() {
        return Arrays.copyOf(payload, payload.length);
    }

    /**
     * The recipe, the length and the start of the payload, non-printable bytes as {@code \xNN}.
     *
     * @return a printable description
     */
    @Override
    public String toString() {
        StringBuilder out =
                new StringBuilder(recipe).append(" [").append(payload.length).append(" bytes] ");
        int limit = Math.min(payload.length, SHOWN);
        for (int i = 0; i < limit; i++) {
            int b = payload[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (payload.length > SHOWN) {
            out.append("…");
        }
        return out.toString();
    }
}
