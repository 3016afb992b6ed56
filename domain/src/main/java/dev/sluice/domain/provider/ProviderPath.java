package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Judges a provider path the way the servers behind the gateway will read it, so that no request can
 * climb out of a provider's base path.
 *
 * <p>The path is forwarded still encoded, but upstreams decode it: nginx turns {@code ..%2Fsecret} into
 * {@code ../secret} and then resolves the dot segment; IIS and some frameworks read {@code \} as
 * {@code /}; Tomcat drops {@code ;params} before resolving. So each segment is judged after
 * percent-decoding, with backslashes as separators and path parameters cut off. Decoding is repeated
 * (a few rounds, until nothing changes) because a chain of proxies may decode more than once; no
 * provider's API has a path that needs {@code %252e} to mean anything. A decoded control character is
 * refused too: no upstream reads it alike.
 */
final class ProviderPath {

    private static final int ROUNDS = 4;

    private ProviderPath() {
    }

    /** Refuses {@code relative} (raw, percent-encoded) with 2108 if any reading of it has a dot segment. */
    static void requireConfined(String relative) {
        String reading = relative;
        for (int round = 0; round < ROUNDS; round++) {
            rejectDotSegments(reading);
            if (reading.indexOf('%') < 0) {
                return;
            }
            String decoded = decode(reading);
            if (decoded == null || decoded.equals(reading)) {
                return;
            }
            reading = decoded;
        }
        rejectDotSegments(reading);
        if (reading.indexOf('%') >= 0) {
            throw invalid("The provider path is encoded more times than any provider's API needs");
        }
    }

    private static void rejectDotSegments(String path) {
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c < 0x20 || c == 0x7f) {
                throw invalid("Control characters are not allowed in provider paths");
            }
            if (c == '/' || c == '\\') {
                if (isDotSegment(path, start, i)) {
                    throw invalid("Dot segments are not allowed in provider paths");
                }
                start = i + 1;
            }
        }
    }

    private static boolean isDotSegment(String path, int start, int end) {
        int semicolon = path.indexOf(';', start);
        int cut = semicolon >= 0 && semicolon < end ? semicolon : end;
        int length = cut - start;
        return (length == 1 && path.charAt(start) == '.')
                || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.');
    }

    /**
     * One round of percent-decoding (UTF-8, '+' left alone as a path does), or null where an escape is
     * malformed: such a path cannot be decoded further, and the URL check refuses it if it is the raw one.
     */
    private static String decode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        int i = 0;
        while (i < path.length()) {
            int escape = path.indexOf('%', i);
            if (escape < 0) {
                bytes.writeBytes(path.substring(i).getBytes(StandardCharsets.UTF_8));
                break;
            }
            bytes.writeBytes(path.substring(i, escape).getBytes(StandardCharsets.UTF_8));
            int high = escape + 2 < path.length() ? Character.digit(path.charAt(escape + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(path.charAt(escape + 2), 16);
            if (low < 0) {
                return null;
            }
            bytes.write(high << 4 | low);
            i = escape + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_PATH, message);
    }
}
