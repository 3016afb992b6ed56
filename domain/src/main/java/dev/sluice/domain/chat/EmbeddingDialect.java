package dev.sluice.domain.chat;

import dev.sluice.domain.header.Headers;

/** How a provider with its own format embeds texts; see {@link ChatDialect.Translating}. */
public interface EmbeddingDialect {

    ProviderRequest embeddingRequest(EmbeddingRequest request, Headers forwarded);

    /** @throws IllegalArgumentException when the body is not the provider's answer */
    EmbeddingResult embeddingResult(byte[] body);
}
