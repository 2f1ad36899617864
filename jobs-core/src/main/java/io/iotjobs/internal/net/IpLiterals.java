package io.iotjobs.internal.net;

/** Tells IP address literals from host names, without any name lookup. Stateless and thread-safe. */
public final class IpLiterals {

    private IpLiterals() {}

    /**
     * Whether the text is an IPv4 literal (a dotted quad of decimal numbers up to 255) or an IPv6 literal (hex
     * digits, colons and dots, with at least one colon; in square brackets or not). Host names, including
     * numeric-looking ones such as {@code 1.2.3}, are not.
     *
     * @param host the text, not null
     * @return true for an IP literal
     */
    public static boolean isIpLiteral(String host) {
        boolean bracketed = host.length() > 1 && host.startsWith("[") && host.endsWith("]");
        String bare = bracketed ? host.substring(1, host.length() - 1) : host;
        if (bare.indexOf(':') >= 0) {
            return bare.chars()
                    .allMatch(c -> c == ':'
                            || c == '.'
                            || c >= '0' && c <= '9'
                            || c >= 'a' && c <= 'f'
                            || c >= 'A' && c <= 'F');
        }
        if (bracketed) {
            return false; // only IPv6 literals are written in brackets
        }
        String[] parts = bare.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
