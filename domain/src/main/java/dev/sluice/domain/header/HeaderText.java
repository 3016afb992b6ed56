package dev.sluice.domain.header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A header value's text. The server reads header bytes as ISO-8859-1, one char per byte, so a value sent in UTF-8
 * (accents, emoji) arrives as mojibake ({@code Ünï} as {@code Ã\u009cnÃ¯}); its bytes are recovered from the chars
 * and read as UTF-8.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /**
     * The value read as UTF-8: the value itself when it is ASCII; empty when its bytes are not UTF-8, or when it is not
     * one char per byte (whatever read it decoded it already).
     */
    public static Optional<String> utf8(String value) {
        boolean ascii = true;
        for (int i = 0; i < value.length() && ascii; i++) {
            ascii = value.charAt(i) < 0x80;
        }
        if (ascii) {
            return Optional.of(value);
        }
        byte[] bytes = new byte[value.length()];
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return Optional.empty();
            }
            bytes[i] = (byte) c;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The value read as UTF-8 where it is, else as it came: for text that is shown, not judged (a log's user agent). */
    public static String shown(String value) {
        return utf8(value).orElse(value);
    }
}
