package dev.sluice.domain.header;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTextTest {

    /** As the server hands a header over: its bytes, one char each. */
    private static String asReceived(String sent) {
        return new String(sent.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Found by a probe: a user agent {@code Agent Ünï} was logged as {@code Agent Ã\u009cnÃ¯}, and found by no search. */
    @Test
    void aValueSentInUtf8IsReadAsItsText() {
        assertThat(HeaderText.shown(asReceived("Agent Ünï 🚀"))).isEqualTo("Agent Ünï 🚀");
        assertThat(HeaderText.utf8("plain/1.0")).hasValue("plain/1.0");
    }

    @Test
    void aValueWhoseBytesAreNotUtf8IsShownAsItCame() {
        String latin1 = new String(new byte[] {'a', (byte) 0xE9, 'b'}, StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.utf8(latin1)).isEmpty();
        assertThat(HeaderText.shown(latin1)).isEqualTo(latin1);
        assertThat(HeaderText.utf8("already decoded: Ω")).as("not one char per byte").isEmpty();
    }
}
