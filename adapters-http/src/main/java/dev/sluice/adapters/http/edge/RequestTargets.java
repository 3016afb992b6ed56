package dev.sluice.adapters.http.edge;

/**
 * A request line's target as the HTTP codec read it: one char per byte. Raw bytes outside ASCII (a client
 * that sends UTF-8 unescaped) are not legal in a URI; taken one char each they became mojibake on the way
 * to the provider (é as Ã©) or a 400 for bytes that read as control characters. They are escaped here as
 * the same bytes, {@code %XX} each, which every server reads as the client meant them.
 */
final class RequestTargets {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestTargets() {
    }

    /** {@code target} with each char above 0x7F written as the {@code %XX} of its byte; itself when there is none. */
    static String escapedBytes(String target) {
        int first = firstNonAscii(target);
        if (first < 0) {
            return target;
        }
        StringBuilder escaped = new StringBuilder(target.length() + 16).append(target, 0, first);
        for (int i = first; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x80) {
                escaped.append(c);
            } else {
                int b = c & 0xFF;
                escaped.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return escaped.toString();
    }

    private static int firstNonAscii(String target) {
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) >= 0x80) {
                return i;
            }
        }
        return -1;
    }
}
