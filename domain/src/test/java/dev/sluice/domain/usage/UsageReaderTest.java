package dev.sluice.domain.usage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Token usage as each provider really reports it, whole and streamed. */
class UsageReaderTest {

    private final UsageReader reader = new UsageReader(MiniJson::parseObject);

    private Optional<TokenUsage> read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openAiChatCompletionWithCachedPromptTokens() {
        assertThat(read("""
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
                "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1200,"completion_tokens":15,
                "total_tokens":1215,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0}}}
                """)).contains(new TokenUsage(1200, 15, 1024, 0, false));
    }

    @Test
    void openAiStreamReportsUsageInItsLastChunk() {
        assertThat(read("""
                data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}

                data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}

                data: [DONE]

                """)).contains(TokenUsage.reported(9, 2));
    }

    @Test
    void openAiResponsesApiAndItsCompletedEvent() {
        assertThat(read("""
                {"id":"resp_1","object":"response","usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},
                "output_tokens":87,"total_tokens":123}}
                """)).contains(TokenUsage.reported(36, 87));
        assertThat(read("""
                event: response.completed
                data: {"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":5,"output_tokens":7}}}

                """)).contains(TokenUsage.reported(5, 7));
    }

    @Test
    void anthropicMessageCountsCacheReadsAndWritesApartFromInput() {
        assertThat(read("""
                {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hi"}],
                "usage":{"input_tokens":20,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":12}}
                """)).contains(new TokenUsage(2120, 12, 2000, 100, false));
    }

    @Test
    void anthropicStreamSplitsInputAndOutputAcrossEvents() {
        assertThat(read("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":25,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

                event: message_stop
                data: {"type":"message_stop"}

                """)).contains(TokenUsage.reported(25, 15));
    }

    @Test
    void workersAiWholeAndStreamed() {
        assertThat(read("""
                {"result":{"response":"Hello","usage":{"prompt_tokens":18,"completion_tokens":4,"total_tokens":22}},
                "success":true,"errors":[],"messages":[]}
                """)).contains(TokenUsage.reported(18, 4));
        assertThat(read("""
                data: {"response":"Hel","p":"abc"}

                data: {"response":"lo"}

                data: {"response":"","usage":{"prompt_tokens":18,"completion_tokens":4,"total_tokens":22}}

                data: [DONE]

                """)).contains(TokenUsage.reported(18, 4));
    }

    @Test
    void googleUsageMetadataWholeAndAsRunningTotals() {
        assertThat(read("""
                {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}],
                "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":3,"totalTokenCount":11,"cachedContentTokenCount":4}}
                """)).contains(new TokenUsage(8, 3, 4, 0, false));
        assertThat(read("""
                data: {"candidates":[{"content":{"parts":[{"text":"H"}]}}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":1}}

                data: {"candidates":[{"content":{"parts":[{"text":"i"}]}}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":2,"thoughtsTokenCount":5}}

                """)).contains(TokenUsage.reported(8, 7));
    }

    @Test
    void cohereV2V1AndStream() {
        assertThat(read("""
                {"id":"c1","message":{"role":"assistant","content":[{"type":"text","text":"Hi"}]},"finish_reason":"COMPLETE",
                "usage":{"billed_units":{"input_tokens":5,"output_tokens":10},"tokens":{"input_tokens":71,"output_tokens":10}}}
                """)).contains(TokenUsage.reported(71, 10));
        assertThat(read("""
                {"text":"Hi","meta":{"api_version":{"version":"1"},"billed_units":{"input_tokens":6,"output_tokens":2}}}
                """)).contains(TokenUsage.reported(6, 2));
        assertThat(read("""
                event: content-delta
                data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}}}

                event: message-end
                data: {"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":{"billed_units":{"input_tokens":3,"output_tokens":2},"tokens":{"input_tokens":70,"output_tokens":2}}}}

                """)).contains(TokenUsage.reported(70, 2));
    }

    @Test
    void noUsageIsEmptySoTheCallerCanCount() {
        assertThat(read("{\"choices\":[{\"message\":{\"content\":\"Hi\"}}]}")).isEmpty();
        assertThat(read("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")).isEmpty();
        assertThat(read("<html>not json</html>")).isEmpty();
        assertThat(read("")).isEmpty();
        assertThat(read("{\"usage\":{\"prompt_tokens\":-3}}")).isEmpty();
    }
}
