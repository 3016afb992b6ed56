package dev.sluice.domain.chat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StreamEndingTest {

    private static final String CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";

    private static boolean failed(String contentType, String body) {
        return StreamEnding.failed(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void anEventStreamIsWholeOnlyWhenItsLastEventCanEndIt() {
        java.util.Map<String, Boolean> lastEvents = new java.util.LinkedHashMap<>();
        // OpenAI's chat stream closes with [DONE]; an error event, or a chunk last, is no whole answer
        lastEvents.put("data: [DONE]", false);
        lastEvents.put("data: [DONE]\n\n: keep-alive", false);
        lastEvents.put("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}", true);
        lastEvents.put("", true);
        lastEvents.put("data: {\"id\": \"c1\", \"object\": \"chat.completion.chunk\", \"choices\": []}", true);
        lastEvents.put("data: { \"error\": {\"message\": \"overloaded\"}}", true);
        // A chunk that finished its choice, or reports the usage, ends the content: a provider may leave [DONE] out
        lastEvents.put("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}", false);
        lastEvents.put("data: {\"object\": \"chat.completion.chunk\", \"choices\": [], \"usage\": {\"total_tokens\": 9}}", false);
        // "type":"error" inside the data (a function's arguments, as Gemini sends them) is no error event
        lastEvents.put("data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"report\","
                + "\"args\":{\"type\":\"error\"}}}]},\"finishReason\":\"STOP\"}]}", false);
        // Anthropic's closes with message_stop; an error event, or any other event last, is cut
        lastEvents.put("event: message_stop\ndata: {\"type\":\"message_stop\"}", false);
        lastEvents.put("data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\"}}", true);
        lastEvents.put("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}", true);
        lastEvents.put("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0}", true);
        lastEvents.put("event: message_delta\r\ndata: {\"type\":\"message_delta\"}\r\n", true);
        // The Responses API's closes with response.completed (or .incomplete, cut short by a limit); .failed is an error
        lastEvents.put("event: response.completed\ndata: {\"type\":\"response.completed\"}", false);
        lastEvents.put("event: response.incomplete\ndata: {\"type\":\"response.incomplete\"}", false);
        lastEvents.put("event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\"}}",
                true);
        lastEvents.put("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\"}", true);
        // Gemini's has no closing event: its last chunk is taken as the end
        lastEvents.put("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}]}", false);
        lastEvents.forEach((last, failed) -> assertThat(failed("text/event-stream; charset=utf-8",
                CHUNK + (last.isEmpty() ? "" : last + "\n\n"))).as(last).isEqualTo(failed));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"application/json|{\"error\":{\"message\":\"x\"}}", "text/event-stream|"})
    void otherBodiesAndEmptyStreamsAreNotJudged(String contentType, String body) {
        assertThat(failed(contentType, body == null ? "" : body)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theLastEventWithDataDecidesWhateverCameBeforeIt() {
        String error = "data: {\"error\":{\"message\":\"overloaded\"}}\n\n";
        // An error long before the end, then a clean end, then keep-alive comments: whole as far as the last event
        // goes (the earlier error is ErrorEventScanner's to find).
        String recovered = error + CHUNK.repeat(2_000) + "data: [DONE]\r\n\r\n: keep-alive\r\n\r\n:\n\n";
        assertThat(failed("text/event-stream", recovered)).isFalse();
        assertThat(failed("text/event-stream", CHUNK.repeat(2_000) + error + ": keep-alive\n\n")).isTrue();
        assertThat(failed("text/event-stream", CHUNK.repeat(2_000))).isTrue();
    }
}
