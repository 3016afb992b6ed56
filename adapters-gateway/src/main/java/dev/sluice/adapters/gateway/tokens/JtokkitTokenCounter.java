package dev.sluice.adapters.gateway.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sluice.application.log.CountTokensPort;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Token counts with OpenAI's tokenizers (JTokkit): {@code o200k_base} for the GPT-4o, GPT-4.1, GPT-5 and
 * o-series families, {@code cl100k_base} for every other model, where it stands in for tokenizers that
 * are not public (Claude, Llama, Gemini…) and so gives an estimate. Each encoding is loaded when it is first
 * needed (an answer that reported no usage, a spend estimate), not at startup: the two hold about 100 MB of
 * heap between them, which most deployments, whose providers report usage, never need.
 */
public final class JtokkitTokenCounter implements CountTokensPort {

    /** Loads an encoding on a thread of its own, so that a caller that may not wait never does. */
    private static final Executor LOADER = task -> {
        Thread thread = new Thread(task, "sluice-tokenizer-load");
        thread.setDaemon(true);
        thread.start();
    };

    /** The most text the tokenizer is given at once ({@link #count}). */
    static final int SLICE = 8 * 1024;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Map<EncodingType, CompletableFuture<Encoding>> loading = new ConcurrentHashMap<>();

    @Override
    public long countTokens(String model, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return count(load(encodingFor(model)).join(), text);
    }

    @Override
    public OptionalLong countTokensIfReady(String model, String text) {
        if (text.isEmpty()) {
            return OptionalLong.of(0);
        }
        CompletableFuture<Encoding> encoding = load(encodingFor(model));
        return encoding.isDone() && !encoding.isCompletedExceptionally()
                ? OptionalLong.of(count(encoding.join(), text)) : OptionalLong.empty();
    }

    /**
     * The text's tokens, counted in slices of at most {@link #SLICE} chars, each cut just before a whitespace where
     * there is one in its second half: a word of a megabyte with no space in it (a base64 blob, a probe's prompt)
     * went to the tokenizer's large-piece encoder whole, which ran a 128 MB heap out, and the out-of-memory error
     * killed an event loop. A word is a piece of its own either way, so prose counts as it did whole.
     */
    static long count(Encoding encoding, String text) {
        if (text.length() <= SLICE) {
            return encoding.countTokensOrdinary(text);
        }
        long total = 0;
        for (int from = 0; from < text.length(); ) {
            int to = sliceEnd(text, from);
            total += encoding.countTokensOrdinary(text.substring(from, to));
            from = to;
        }
        return total;
    }

    private static int sliceEnd(String text, int from) {
        int to = from + SLICE;
        if (to >= text.length()) {
            return text.length();
        }
        for (int at = to; at > from + SLICE / 2; at--) {
            if (Character.isWhitespace(text.charAt(at))) {
                return at;
            }
        }
        return Character.isHighSurrogate(text.charAt(to - 1)) ? to - 1 : to;
    }

    private CompletableFuture<Encoding> load(EncodingType type) {
        return loading.computeIfAbsent(type, t -> CompletableFuture.supplyAsync(() -> registry.getEncoding(t), LOADER));
    }

    private static EncodingType encodingFor(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        name = slash >= 0 ? name.substring(slash + 1) : name;
        boolean o200 = name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-5")
                || name.startsWith("chatgpt-4o") || oSeries(name);
        return o200 ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
    }

    /** o1, o3, o4-mini…: an "o" and a digit. */
    private static boolean oSeries(String name) {
        return name.length() > 1 && name.charAt(0) == 'o' && name.charAt(1) >= '1' && name.charAt(1) <= '9';
    }
}
