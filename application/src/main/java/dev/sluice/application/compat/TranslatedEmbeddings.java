package dev.sluice.application.compat;

import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.EmbeddingDialect;
import dev.sluice.domain.chat.EmbeddingRequest;
import dev.sluice.domain.chat.EmbeddingResult;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.usage.TokenUsage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A unified API embeddings call to a provider with a format of its own, answered in the client's. */
final class TranslatedEmbeddings implements Translation {

    private final ChatDialect.Translating dialect;
    private final EmbeddingDialect embeddings;
    private final ChatSurface surface;
    private final EmbeddingRequest request;
    private final ProviderRequest translated;
    private volatile Optional<TokenUsage> usage = Optional.empty();

    TranslatedEmbeddings(ChatDialect.Translating dialect, EmbeddingDialect embeddings, ChatSurface surface,
                         EmbeddingRequest request, ProviderRequest translated) {
        this.dialect = dialect;
        this.embeddings = embeddings;
        this.surface = surface;
        this.request = request;
        this.translated = translated;
    }

    @Override
    public UpstreamRequest request(UpstreamRequest resolved) {
        return UpstreamRequest.to(resolved.provider(), "POST", translated.path(), translated.rawQuery(),
                translated.headers(), translated.body());
    }

    @Override
    public CompletionStage<UpstreamResponse> response(UpstreamResponse fromProvider) {
        return TranslatedAnswers.whole(fromProvider, surface, body -> {
            EmbeddingResult result = embeddings.embeddingResult(body);
            if (result.model().isEmpty()) {
                result = new EmbeddingResult(request.model(), result.vectors(), result.usage());
            }
            usage = result.usage();
            return surface.embeddingResult(result, request);
        }, body -> dialect.error(fromProvider.status(), body));
    }

    @Override
    public String model() {
        return request.model();
    }

    @Override
    public Optional<TokenUsage> usage() {
        return usage;
    }
}
