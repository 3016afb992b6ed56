package dev.sluice.adapters.gateway.tokens;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JtokkitTokenCounterTest {

    private final JtokkitTokenCounter counter = new JtokkitTokenCounter();

    @Test
    void countsWithTheModelsTokenizer() {
        // Reference counts from OpenAI's tiktoken for "Hello, world!": 4 tokens in both encodings.
        assertThat(counter.countTokens("gpt-4o-mini", "Hello, world!")).isEqualTo(4);
        assertThat(counter.countTokens("gpt-3.5-turbo", "Hello, world!")).isEqualTo(4);
        // "tiktoken is great!" is 6 tokens in cl100k_base (tiktoken's README).
        assertThat(counter.countTokens("@cf/meta/llama-3.1-8b-instruct", "tiktoken is great!")).isEqualTo(6);
        assertThat(counter.countTokens("o3-mini", "")).isZero();
    }

    @Test
    void theEncodingsReallyDiffer() {
        String text = "Sluice sends your LLM calls through a self-hosted gateway, donc ça marche aussi en français.";
        assertThat(counter.countTokens("gpt-4o", text)).isNotEqualTo(counter.countTokens("gpt-4", text));
        assertThat(counter.countTokens("openai/gpt-4o", text)).isEqualTo(counter.countTokens("gpt-4o", text));
    }

    @Test
    void aCountThatMayNotWaitIsEmptyUntilTheTokenizerHasLoadedThenTheSame() throws Exception {
        JtokkitTokenCounter fresh = new JtokkitTokenCounter();
        String text = "tiktoken is great!";
        assertThat(fresh.countTokensIfReady("gpt-4", text)).as("still loading at first").isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fresh.countTokensIfReady("gpt-4", text).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(fresh.countTokensIfReady("gpt-4", text)).hasValue(6);
        assertThat(fresh.countTokensIfReady("gpt-4", "")).hasValue(0);
    }
}
