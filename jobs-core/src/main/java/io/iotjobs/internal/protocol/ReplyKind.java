package io.iotjobs.internal.protocol;

/** The two reply topics of every operation. */
public enum ReplyKind {
    /** {@code .../accepted}. */
    ACCEPTED("accepted"),
    /** {@code .../rejected}. */
    REJECTED("rejected");

    private final String suffix;

    ReplyKind(String suffix) {
        this.suffix = suffix;
    }

    /**
     * The last topic segment.
     *
     * @return {@code accepted} or {@code rejected}
     */
    public String suffix() {
        return suffix;
    }
}
