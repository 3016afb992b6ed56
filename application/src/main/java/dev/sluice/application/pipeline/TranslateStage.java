package dev.sluice.application.pipeline;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Applies the call's {@link Translation}, when it has one: the request goes on in the provider's words
 * and the answer comes back in the client's. A call without one passes through untouched.
 */
public final class TranslateStage implements Stage {

    @Override
    public String name() {
        return "translate";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        Optional<Translation> translation = exchange.translation();
        if (translation.isEmpty()) {
            return next.proceed(exchange);
        }
        Translation rewrite = translation.get();
        exchange.request(rewrite.request(exchange.request()));
        return next.proceed(exchange).thenCompose(answer -> rewrite.response(answer.response())
                .thenApply(response -> new ProxiedResponse(answer.logId(), answer.requestId(), answer.eventId(),
                        answer.cacheStatus(), response)));
    }
}
