package dev.sluice.adapters.gateway.openai;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenAI's paths and usage, as the gateway reads them. */
class OpenAiProviderTest {

    private final ProviderContract contract = new ProviderContract(new OpenAiProvider());

    @Test
    void openAiAcceptsPathsWithAndWithoutV1() {
        assertThat(contract.url("chat/completions", "")).isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(contract.url("v1/chat/completions", "")).isEqualTo("https://api.openai.com/v1/chat/completions");
    }

    @Test
    void overridesReplaceADefaultBaseUrlButKeepItsPathStyle() {
        assertThat(new ProviderContract(new OpenAiProvider(), java.util.Map.of("openai", "http://127.0.0.1:9/v1"))
                .url("v1/models", "")).isEqualTo("http://127.0.0.1:9/v1/models");
    }

    @Test
    void dotSegmentsCannotClimbOutOfTheBasePath() {
        assertThatThrownBy(() -> contract.url("../admin", ""))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        assertThatThrownBy(() -> contract.url("a/%2E%2E/b", "")).isInstanceOf(GatewayException.class);
    }

    @Test
    void openAiChatCompletionWithCachedPromptTokens() {
        assertThat(contract.usage("""
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
                "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1200,"completion_tokens":15,
                "total_tokens":1215,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0}}}
                """)).contains(new TokenUsage(1200, 15, 1024, 0, false));
    }

    @Test
    void openAiStreamReportsUsageInItsLastChunk() {
        assertThat(contract.usage("""
                data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}

                data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}

                data: [DONE]

                """)).contains(TokenUsage.reported(9, 2));
    }

    @Test
    void openAiResponsesApiAndItsCompletedEvent() {
        assertThat(contract.usage("""
                {"id":"resp_1","object":"response","usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},
                "output_tokens":87,"total_tokens":123}}
                """)).contains(TokenUsage.reported(36, 87));
        assertThat(contract.usage("""
                event: response.completed
                data: {"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":5,"output_tokens":7}}}

                """)).contains(TokenUsage.reported(5, 7));
    }

    @Test
    void theModelIsInTheBodyNotThePath() {
        assertThat(contract.modelInPath("v1/chat/completions")).isEmpty();
    }
}
