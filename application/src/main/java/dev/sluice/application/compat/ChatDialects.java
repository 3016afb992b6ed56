package dev.sluice.application.compat;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The unified API's dialects by provider, as the providers' profiles offer them. A custom provider
 * ({@code custom-…}, a vLLM or Ollama of the user's) speaks OpenAI's format at {@code chat/completions}
 * and {@code embeddings} under its base URL.
 */
public final class ChatDialects {

    private static final ChatDialect CUSTOM = ChatDialect.OpenAiCompatible.at("chat/completions", "embeddings");

    private final Map<String, ChatDialect> dialects = new LinkedHashMap<>();

    public ChatDialects(Iterable<ProviderProfile> profiles) {
        for (ProviderProfile profile : profiles) {
            profile.chatDialect().ifPresent(dialect -> dialects.put(profile.slug().value(), dialect));
        }
    }

    public Optional<ChatDialect> find(ProviderSlug provider) {
        ChatDialect known = dialects.get(provider.value());
        if (known != null) {
            return Optional.of(known);
        }
        return provider.isCustom() ? Optional.of(CUSTOM) : Optional.empty();
    }

    /** The providers Sluice ships that the unified API reaches (custom ones aside). */
    public Set<String> providers() {
        return dialects.keySet();
    }
}
