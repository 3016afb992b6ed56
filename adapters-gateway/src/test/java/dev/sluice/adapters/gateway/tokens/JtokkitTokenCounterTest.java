package dev.sluice.adapters.gateway.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Found by a probe: a 1.5 MB word with no space went to the tokenizer whole, and its large-piece encoder ran a
     * 128 MB heap out. No piece longer than a slice reaches it, the pieces are the text, and prose counts as whole.
     */
    @Test
    void longTextIsCountedInSlicesAndProseCountsAsItDoesWhole() {
        List<String> pieces = new ArrayList<>();
        Encoding recording = (Encoding) Proxy.newProxyInstance(Encoding.class.getClassLoader(),
                new Class<?>[]{Encoding.class}, (proxy, method, args) -> {
                    if (method.getName().equals("countTokensOrdinary")) {
                        pieces.add((String) args[0]);
                        return 1;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        String word = "Q".repeat(1_500_000);
        assertThat(JtokkitTokenCounter.count(recording, word)).isEqualTo(pieces.size());
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(JtokkitTokenCounter.SLICE));
        assertThat(String.join("", pieces)).isEqualTo(word);
        pieces.clear();
        String emoji = "\uD83D\uDE80".repeat(10_000);
        JtokkitTokenCounter.count(recording, emoji);
        assertThat(pieces).allSatisfy(piece -> assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1)))
                .as("a surrogate pair is never cut").isFalse());

        String prose = "Sluice sends your LLM calls through a gateway, and counts what they cost. ".repeat(2_000);
        long whole = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokensOrdinary(prose);
        assertThat(counter.countTokens("gpt-4o", prose)).isEqualTo(whole);
        assertThat(counter.countTokens("gpt-4o", word)).isPositive();
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
