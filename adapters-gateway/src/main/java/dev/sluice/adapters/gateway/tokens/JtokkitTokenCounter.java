package dev.sluice.adapters.gateway.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sluice.application.log.CountTokensPort;

import java.util.Locale;

/**
 * Token counts with OpenAI's tokenizers (JTokkit): {@code o200k_base} for the GPT-4o, GPT-4.1, GPT-5 and
 * o-series families, {@code cl100k_base} for every other model, where it stands in for tokenizers that
 * are not public (Claude, Llama, Gemini…) and so gives an estimate.
 */
public final class JtokkitTokenCounter implements CountTokensPort {

    private final Encoding o200k;
    private final Encoding cl100k;

    public JtokkitTokenCounter() {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
    }

    @Override
    public long countTokens(String model, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return encodingFor(model).countTokensOrdinary(text);
    }

    private Encoding encodingFor(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        name = slash >= 0 ? name.substring(slash + 1) : name;
        boolean o200 = name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-5")
                || name.startsWith("chatgpt-4o") || oSeries(name);
        return o200 ? o200k : cl100k;
    }

    /** o1, o3, o4-mini…: an "o" and a digit. */
    private static boolean oSeries(String name) {
        return name.length() > 1 && name.charAt(0) == 'o' && name.charAt(1) >= '1' && name.charAt(1) <= '9';
    }
}
