package dev.sluice.domain.exchange;

import java.nio.charset.StandardCharsets;

/**
 * The start of a body, for an error's message: a provider's answer that could not be read (an HTML error page, a
 * truncated JSON). A body that is not text — a gzip answer from a provider or a CDN that compressed though Sluice did
 * not ask it to — is described, not quoted: its bytes went into the client's JSON as hundreds of replacement and
 * control characters.
 */
public final class BodyExcerpt {

    /** Past this share of undecodable or control characters, a body is described rather than quoted. */
    private static final double MOSTLY_BINARY = 0.1;

    private BodyExcerpt() {
    }

    /** At most {@code chars} characters of the body's start (stripped, "…" when cut), or what kind of bytes it holds. */
    public static String of(byte[] body, int chars) {
        if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            return body.length + " bytes that are not text (gzip)";
        }
        // Cut by bytes: a character the cut splits decodes as one replacement character, well under the share below.
        String text = new String(body, 0, Math.min(body.length, chars * 4), StandardCharsets.UTF_8);
        if (unreadable(text) > MOSTLY_BINARY * text.length()) {
            return body.length + " bytes that are not text";
        }
        text = text.strip();
        return text.length() <= chars ? text : text.substring(0, chars) + "…";
    }

    private static int unreadable(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                count++;
            }
        }
        return count;
    }
}
