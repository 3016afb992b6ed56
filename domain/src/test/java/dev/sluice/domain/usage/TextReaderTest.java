package dev.sluice.domain.usage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TextReaderTest {

    private final TextReader reader = new TextReader(MiniJson::parseObject);

    private String read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void requestsOfEachFormatGiveTheirTextButNotRolesOrModels() {
        assertThat(read("""
                {"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},
                {"role":"user","content":[{"type":"text","text":"Hello"},{"type":"image_url","image_url":{"url":"data:x"}}]}]}
                """)).isEqualTo("Be brief.\nHello");
        assertThat(read("""
                {"model":"claude-sonnet-4","system":"Be kind.","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}
                """)).isEqualTo("Be kind.\nHi");
        assertThat(read("""
                {"contents":[{"role":"user","parts":[{"text":"Bonjour"}]}],"systemInstruction":{"parts":[{"text":"Sois bref."}]}}
                """)).contains("Bonjour").contains("Sois bref.").doesNotContain("user");
        assertThat(read("{\"prompt\":\"Tell me a joke\"}")).isEqualTo("Tell me a joke");
        assertThat(read("{\"model\":\"text-embedding-3-small\",\"input\":[\"one\",\"two\"]}")).isEqualTo("one\ntwo");
        assertThat(read("{\"message\":\"Hola\",\"preamble\":\"Eres breve.\"}")).contains("Hola").contains("Eres breve.");
    }

    /**
     * Found by a probe: a stream cut while it was thinking counted only its start (1 output token after 50
     * thinking deltas), since reasoning was not read as text, natively nor through the unified API.
     */
    @Test
    void reasoningIsTextButItsSignatureAndSettingsAreNot() {
        assertThat(read("""
                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}

                """)).isEqualTo("Let me see");
        assertThat(read("""
                data: {"choices":[{"delta":{"reasoning_content":"First, the sum"}}]}

                """)).isEqualTo("First, the sum");
        assertThat(read("{\"model\":\"claude-sonnet-4-5\",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"reasoning\":{\"effort\":\"low\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .isEqualTo("Hi");
    }

    @Test
    void responsesAndStreamsGiveTheGeneratedText() {
        assertThat(read("""
                {"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"}}]}
                """)).isEqualTo("Hi there");
        assertThat(read("""
                data: {"choices":[{"delta":{"role":"assistant","content":"Hi"}}]}

                data: {"choices":[{"delta":{"content":" there"}}]}

                data: [DONE]

                """)).isEqualTo("Hi\n there");
        assertThat(read("""
                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                """)).isEqualTo("Hello");
        assertThat(read("{\"result\":{\"response\":\"Workers says hi\"},\"success\":true}")).isEqualTo("Workers says hi");
        assertThat(read("not json")).isEmpty();
    }

    @Test
    void anErrorsTextIsNotOutput() {
        assertThat(read("""
                data: {"choices":[{"delta":{"content":"Hi"}}]}

                data: {"error":{"message":"The provider's stream was cut before its end","type":"stream_interrupted"}}

                """)).isEqualTo("Hi");
        assertThat(read("""
                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """)).isEmpty();
        assertThat(read("{\"result\":null,\"success\":false,\"errors\":[{\"code\":7000,\"message\":\"No route\"}]}"))
                .isEmpty();
        assertThat(read("""
                data: {"type":"response.failed","response":{"id":"r","error":{"code":"server_error","message":"Failed"}}}

                """)).isEmpty();
    }

    /** Deeper down, an error is content: a tool's result sent back, an answer whose own JSON has errors in it. */
    @Test
    void anErrorBelowTheTopIsContent() {
        assertThat(read("""
                {"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"error":{"message":"disk full"}}}}]}]}
                """)).isEqualTo("disk full");
        assertThat(read("{\"result\":{\"response\":{\"errors\":[{\"message\":\"field x\"}]}},\"success\":true}"))
                .isEqualTo("field x");
    }
}
