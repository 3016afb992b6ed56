package dev.sluice.application.compat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class TranslatedAnswersTest {

    @Test
    void anExcerptQuotesTextAndDescribesWhatIsNot() throws IOException {
        assertThat(TranslatedAnswers.excerpt("<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("<html>Bad gateway</html>");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write("{\"id\":\"msg_1\"}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzipped = bytes.toByteArray();
        assertThat(TranslatedAnswers.excerpt(gzipped)).isEqualTo(gzipped.length + " bytes that are not text (gzip)");
        assertThat(TranslatedAnswers.excerpt(new byte[] {0, 1, 2, 'a'})).isEqualTo("4 bytes that are not text");
    }

    /** A long answer is cut by bytes: a character the cut splits is not taken for a body that is not text. */
    @Test
    void aLongTextCutWithinACharacterIsStillQuoted() {
        String text = "é".repeat(700) + "🙂".repeat(300);
        for (int shift = 0; shift < 4; shift++) {
            String shifted = "x".repeat(shift) + text;
            assertThat(TranslatedAnswers.excerpt(shifted.getBytes(StandardCharsets.UTF_8)))
                    .as("shifted by " + shift).startsWith(shifted.substring(0, 200)).endsWith("…");
        }
    }
}
