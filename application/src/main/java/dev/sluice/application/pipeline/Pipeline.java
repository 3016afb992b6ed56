package dev.sluice.application.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The gateway's data plane: an ordered list of stages every call passes through, whichever surface it
 * arrived at. The order is given once, by whoever composes the pipeline; the last stage must answer.
 * A stage that throws instead of returning a failed stage is turned into one, so no surface sees an
 * exception escape.
 */
public final class Pipeline {

    private final List<Stage> stages;
    private final Clock clock;

    public Pipeline(List<Stage> stages, Clock clock) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        this.stages = List.copyOf(stages);
        this.clock = clock;
    }

    public CompletionStage<ProxiedResponse> run(GatewayCall call) {
        return proceed(0, new Exchange(call, System.nanoTime(), clock.instant()));
    }

    private CompletionStage<ProxiedResponse> proceed(int index, Exchange exchange) {
        if (index == stages.size()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the last stage, " + stages.get(index - 1).name() + ", passed the call on"));
        }
        try {
            return stages.get(index).apply(exchange, next -> proceed(index + 1, next));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The stages in order, e.g. {@code gateway → policy → provider → observe → limits → cache → call}. */
    public String describe() {
        return stages.stream().map(Stage::name).collect(Collectors.joining(" → "));
    }
}
