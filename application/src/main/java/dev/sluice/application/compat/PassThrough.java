package dev.sluice.application.compat;

import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.exchange.ContentCodings;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A unified API call to a provider that speaks OpenAI's format already: the client's body goes on with
 * only its model rewritten, to the provider's path for the operation, and the answer comes back untouched; an error
 * in another shape than the client's (Workers AI's Cloudflare envelope) is rewritten in the client's, with its message.
 * A streamed answer is watched as it passes ({@link TranslatedStream#passing}), so one the provider cuts or
 * ends before its closing event ends with an error event and is neither cached nor logged as a success, as a
 * translated one is.
 */
final class PassThrough implements Translation {

    private final String path;
    private final byte[] body;
    private final String model;
    private final ChatSurface surface;
    private volatile TranslatedStream stream;

    PassThrough(String path, byte[] body, String model, ChatSurface surface) {
        this.path = path;
        this.body = body;
        this.model = model;
        this.surface = surface;
    }

    @Override
    public UpstreamRequest request(UpstreamRequest resolved) {
        return UpstreamRequest.to(resolved.provider(), "POST", path, "", resolved.headers(), body);
    }

    @Override
    public CompletionStage<UpstreamResponse> response(UpstreamResponse fromProvider) {
        if (!fromProvider.successful() && !fromProvider.bodiless()
                && ContentCodings.identity(fromProvider.headers().first("content-encoding").orElse(null))) {
            return TranslatedAnswers.passedError(fromProvider, surface);
        }
        if (!fromProvider.successful() || fromProvider.bodiless() || !readableEvents(fromProvider)) {
            return CompletableFuture.completedFuture(fromProvider);
        }
        TranslatedStream watched = TranslatedStream.passing(fromProvider.body(), surface);
        stream = watched;
        // Its length may grow by the error event that ends a cut stream, so the provider's Content-Length goes.
        return CompletableFuture.completedFuture(TranslatedAnswers.stream(fromProvider, watched));
    }

    /** An event stream the gateway can read as it passes: not compressed (it goes on as it came, encoding and all). */
    private static boolean readableEvents(UpstreamResponse response) {
        boolean events = response.eventStream();
        boolean plain = ContentCodings.identity(response.headers().first("content-encoding").orElse(null));
        return events && plain;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean whole() {
        TranslatedStream watched = stream;
        return watched == null || watched.whole();
    }
}
