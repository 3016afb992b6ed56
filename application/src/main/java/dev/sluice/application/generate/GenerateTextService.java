package dev.sluice.application.generate;

import dev.sluice.domain.error.Failures;
import dev.sluice.domain.generate.CacheComparison;
import dev.sluice.domain.generate.Generation;
import dev.sluice.domain.generate.GenerationError;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the dashboard's generations, one after another so they do not disturb each other's timing. For a
 * comparison the cached call is measured only once it is a real hit: when the first try is a miss it
 * primed the cache and the call is made again. Then the same prompt is sent skipping the cache. When the
 * model's provider fails, the fallback models are tried in order, and the one that answered is the one
 * compared.
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
        List<ModelName> models = new ArrayList<>();
        models.add(command.model().orElse(defaultModel));
        models.addAll(command.fallback());
        return answering(command.prompt(), models, 0).thenCompose(first -> {
            int step = models.indexOf(first.answer().model());
            if (!command.compareCache()) {
                return CompletableFuture.completedFuture(new GenerationReport(first, Optional.empty(), step));
            }
            // Measured on a call of its own even when the first was a HIT: a HIT may have waited out an identical
            // request's call to the provider (coalesced), and would pass that wait off as the cache's latency.
            CompletionStage<Generation> cached = measure(new GenerationRequest(command.prompt(), first.answer().model(),
                    false));
            return cached.thenCompose(hit -> measure(new GenerationRequest(command.prompt(), first.answer().model(), true))
                    .thenApply(fresh -> new GenerationReport(hit, Optional.of(new CacheComparison(hit, fresh)), step)));
        });
    }

    /**
     * The first of {@code models}, from {@code index} on, whose call succeeds: a model whose provider fails
     * (its error, its timeout) gives way to the next; a bad request does not, since the next would fail alike.
     */
    private CompletionStage<Generation> answering(Prompt prompt, List<ModelName> models, int index) {
        return measure(new GenerationRequest(prompt, models.get(index), false))
                .handle((generation, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(generation);
                    }
                    Throwable cause = Failures.cause(error);
                    boolean upstream = cause instanceof GenerationException failed
                            && failed.error() == GenerationError.AI_ERROR;
                    if (index + 1 < models.size() && upstream) {
                        return answering(prompt, models, index + 1);
                    }
                    return CompletableFuture.<Generation>failedFuture(cause);
                })
                .thenCompose(next -> next);
    }

    private CompletionStage<Generation> measure(GenerationRequest request) {
        Instant started = clock.instant();
        return gateway.generate(request).thenApply(answer -> {
            Duration took = Duration.between(started, clock.instant());
            return new Generation(answer, took.isNegative() ? Duration.ZERO : took, request.skipCache());
        });
    }
}
