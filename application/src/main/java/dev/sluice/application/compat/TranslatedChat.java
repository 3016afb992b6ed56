package dev.sluice.application.compat;

import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.usage.TokenUsage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A unified API chat call to a provider with a format of its own: the request its dialect wrote goes
 * on, and the answer comes back through the client's surface — a whole answer read and rewritten, a
 * stream rewritten event by event as it arrives, an error with the provider's message kept.
 */
final class TranslatedChat implements Translation {

    private final ChatDialect.Translating dialect;
    private final ChatSurface surface;
    private final ChatRequest request;
    private final ProviderRequest translated;
    private volatile Optional<TokenUsage> usage = Optional.empty();
    private volatile TranslatedStream stream;

    TranslatedChat(ChatDialect.Translating dialect, ChatSurface surface, ChatRequest request,
                   ProviderRequest translated) {
        this.dialect = dialect;
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
        // A 204 or 205 has nothing to stream: read as a whole answer, it is the 502 the unstreamed call gets, not an
        // empty 204 event stream.
        if (fromProvider.successful() && request.stream() && !fromProvider.bodiless()) {
            TranslatedStream translating = new TranslatedStream(fromProvider.body(), dialect.chatStream(request),
                    surface.chatStream(request), seen -> usage = Optional.of(seen));
            stream = translating;
            return java.util.concurrent.CompletableFuture.completedFuture(
                    TranslatedAnswers.stream(fromProvider, translating));
        }
        return TranslatedAnswers.whole(fromProvider, surface, this::result,
                body -> dialect.error(fromProvider.status(), body));
    }

    private byte[] result(byte[] body) {
        ChatResult result = dialect.chatResult(body);
        if (result.model().isEmpty()) {
            result = new ChatResult(result.id(), request.model(), result.created(), result.choices(), result.usage());
        }
        usage = result.usage();
        return surface.chatResult(result);
    }

    @Override
    public String model() {
        return request.model();
    }

    @Override
    public Optional<TokenUsage> usage() {
        return usage;
    }

    @Override
    public boolean whole() {
        TranslatedStream translating = stream;
        return translating == null || translating.whole();
    }
}
