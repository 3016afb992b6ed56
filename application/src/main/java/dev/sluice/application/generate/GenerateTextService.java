package dev.sluice.application.generate;

import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.generate.CacheComparison;
import dev.sluice.domain.generate.Generation;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.generate.ModelName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the dashboard's generations, one after another so they do not disturb each other's timing. For a
 * comparison the cached call is measured only once it is a real hit: when the first try is a miss it
 * primed the cache and the call is made again. Then the same prompt is sent skipping the cache.
 */
public final class GenerateTextService implements GenerateTextUseCase {

    private final Generator gateway;
    private final ModelName defaultModel;
    private final Clock clock;

    public GenerateTextService(Generator gateway, ModelName defaultModel, Clock clock) {
        this.gateway = gateway;
        this.defaultModel = defaultModel;
        this.clock = clock;
    }

    @Override
    public CompletionStage<GenerationReport> generate(GenerateTextCommand command) {
        ModelName model = command.model().orElse(defaultModel);
        GenerationRequest cachedRequest = new GenerationRequest(command.prompt(), model, false);
        CompletionStage<Generation> first = measure(cachedRequest);
        if (!command.compareCache()) {
            return first.thenApply(generation -> new GenerationReport(generation, Optional.empty()));
        }
        return first
                .thenCompose(primed -> primed.answer().cacheStatus() == CacheStatus.HIT
                        ? CompletableFuture.completedFuture(primed)
                        : measure(cachedRequest))
                .thenCompose(cached -> measure(new GenerationRequest(command.prompt(), model, true))
                        .thenApply(fresh -> new GenerationReport(cached,
                                Optional.of(new CacheComparison(cached, fresh)))));
    }

    private CompletionStage<Generation> measure(GenerationRequest request) {
        Instant started = clock.instant();
        return gateway.generate(request).thenApply(answer -> {
            Duration took = Duration.between(started, clock.instant());
            return new Generation(answer, took.isNegative() ? Duration.ZERO : took, request.skipCache());
        });
    }
}
