package dev.sluice.adapters.gateway.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sluice.application.log.CountTokensPort;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token counts with OpenAI's tokenizers (JTokkit): {@code o200k_base} for the GPT-4o, GPT-4.1, GPT-5 and
 * o-series families, {@code cl100k_base} for every other model, where it stands in for tokenizers that
 * are not public (Claude, Llama, Gemini…) and so gives an estimate. Each encoding is loaded when it is first
 * needed (an answer that reported no usage, a spend estimate), not at startup: the two hold about 100 MB of
 * heap between them, which most deployments, whose providers report usage, never need.
 */
public final class JtokkitTokenCounter implements CountTokensPort {

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Map<EncodingType, Encoding> loaded = new ConcurrentHashMap<>();

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
        return encoding(o200 ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
    }

    private Encoding encoding(EncodingType type) {
        return loaded.computeIfAbsent(type, registry::getEncoding);
    }

    /** o1, o3, o4-mini…: an "o" and a digit. */
    private static boolean oSeries(String name) {
        return name.length() > 1 && name.charAt(0) == 'o' && name.charAt(1) >= '1' && name.charAt(1) <= '9';
    }
}
