package dev.sluice.application.limits;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;

import java.util.concurrent.CompletionStage;

/**
 * Where rate, token, concurrency and spend limits are enforced: after the call is observed (so a refusal
 * is logged) and before the cache (a hit may be refused too; that it does not count against a limit is
 * the limits' own rule). No limit exists yet (issue 16), so every call passes; the stage holds the place
 * in the pipeline's order so the limits plug in without moving any other stage.
 */
public final class LimitsStage implements Stage {

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        return next.proceed(exchange);
    }
}
