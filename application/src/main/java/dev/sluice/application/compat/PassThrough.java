package dev.sluice.application.compat;

import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A unified API call to a provider that speaks OpenAI's format already: the client's body goes on with
 * only its model rewritten, to the provider's path for the operation, and the answer comes back untouched.
 */
final class PassThrough implements Translation {

    private final String path;
    private final byte[] body;
    private final String model;

    PassThrough(String path, byte[] body, String model) {
        this.path = path;
        this.body = body;
        this.model = model;
    }

    @Override
    public UpstreamRequest request(UpstreamRequest resolved) {
        return UpstreamRequest.to(resolved.provider(), "POST", path, "", resolved.headers(), body);
    }

    @Override
    public CompletionStage<UpstreamResponse> response(UpstreamResponse fromProvider) {
        return CompletableFuture.completedFuture(fromProvider);
    }

    @Override
    public String model() {
        return model;
    }
}
