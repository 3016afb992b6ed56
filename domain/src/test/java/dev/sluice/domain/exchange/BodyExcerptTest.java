package dev.sluice.domain.exchange;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BodyExcerptTest {

    @Test
    void textIsQuotedAndCutAndWhatIsNotTextIsDescribed() throws IOException {
        assertThat(BodyExcerpt.of("  <html>Bad gateway</html>\n".getBytes(StandardCharsets.UTF_8), 300))
                .isEqualTo("<html>Bad gateway</html>");
        assertThat(BodyExcerpt.of("abcdef".getBytes(StandardCharsets.UTF_8), 4)).isEqualTo("abcd…");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write("{\"id\":\"msg_1\"}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzipped = bytes.toByteArray();
        assertThat(BodyExcerpt.of(gzipped, 300)).isEqualTo(gzipped.length + " bytes that are not text (gzip)");
        assertThat(BodyExcerpt.of(new byte[] {0, 1, 2, 'a'}, 300)).isEqualTo("4 bytes that are not text");
    }

    /** A Latin-1 error page with one accent is still the provider's message, quoted. */
    @Test
    void aFewUndecodableCharactersInTextAreQuotedWithIt() {
        byte[] latin1 = "<html><body>Service indisponible: réessayez plus tard</body></html>"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(BodyExcerpt.of(latin1, 300)).startsWith("<html><body>Service indisponible: r").endsWith("</html>");
    }

    /** A long body is cut by bytes: a character the cut splits, of two bytes or of four, is not taken for binary. */
    @Test
    void aLongTextCutWithinACharacterIsStillQuoted() {
        for (String character : new String[] {"é", "🙂"}) {
            String text = character.repeat(700);
            for (int shift = 0; shift < 4; shift++) {
                String shifted = "x".repeat(shift) + text;
                assertThat(BodyExcerpt.of(shifted.getBytes(StandardCharsets.UTF_8), 300))
                        .as(character + " shifted by " + shift).startsWith(shifted.substring(0, 100)).endsWith("…");
            }
        }
    }
}
