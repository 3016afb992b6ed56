package dev.sluice.adapters.http.edge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTargetsTest {

    /** The target as Netty's codec reads a request line: one char per byte. */
    private static String asRead(String sent) {
        return new String(sent.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void anAsciiTargetIsReturnedAsItIs() {
        String target = "/v1/local/default/openai/v1/chat/completions?a=%C3%A9";
        assertThat(RequestTargets.escapedBytes(target)).isSameAs(target);
    }

    @Test
    void rawBytesOutsideAsciiAreEscapedAsTheSameBytes() {
        assertThat(RequestTargets.escapedBytes(asRead("/v1/caf\u00e9/\u5317?q=\u00e9t\u00e9 ok")))
                .isEqualTo("/v1/caf%C3%A9/%E5%8C%97?q=%C3%A9t%C3%A9 ok");
        assertThat(RequestTargets.escapedBytes("/\u00ff\u0080")).isEqualTo("/%FF%80");
    }
}
