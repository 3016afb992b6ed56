package dev.sluice.application.generate;

import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.header.Headers;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Generations through Sluice's own pipeline, in process: the same stages a provider-native request passes,
 * so gateway settings, authentication, cache, coalescing, retries and logs all apply, with the cache
 * options given as types rather than headers and no loopback HTTP hop.
 */
public final class PipelineGenerator implements Generator {

    /** The largest answer read; a longer one is an error rather than a memory hazard. */
    static final long MAX_ANSWER = 16L * 1024 * 1024;

    private final Pipeline pipeline;
    private final RequestIds ids;
    private final GenerationTarget target;
    private final TranslateGenerationPort translate;

    public PipelineGenerator(Pipeline pipeline, RequestIds ids, GenerationTarget target,
                             TranslateGenerationPort translate) {
        this.pipeline = pipeline;
        this.ids = ids;
        this.target = target;
        this.translate = translate;
    }

    @Override
    public CompletionStage<GatewayAnswer> generate(GenerationRequest request) {
        String provider = target.provider();
        CallOptions options = new CallOptions(target.gatewayToken(), request.skipCache(),
                target.cacheTtlFor(request.skipCache()));
        GatewayCall call = new GatewayCall(ids.next(), target.account(), target.gateway(), provider, "POST",
                request.model().value(), "", new Headers(target.providerHeaders()), translate.requestBody(request),
                options);
        return pipeline.run(call)
                .thenCompose(answer -> Bodies.collect(answer.response().body(), MAX_ANSWER)
                        .thenApply(body -> answer(request, provider, answer, body)))
                .exceptionally(error -> {
                    throw asGenerationError(error);
                });
    }

    private GatewayAnswer answer(GenerationRequest request, String provider, ProxiedResponse answer, byte[] body) {
        String text = translate.answerText(provider, answer.response().status(), body);
        return new GatewayAnswer(text, target.gateway(), provider, request.model(), answer.cacheStatus(),
                Optional.of(answer.logId()));
    }

    private static RuntimeException asGenerationError(Throwable error) {
        Throwable cause = Failures.cause(error);
        if (cause instanceof GenerationException generation) {
            return generation;
        }
        if (cause instanceof GatewayException gateway) {
            return GenerationException.aiError(gateway.code().httpStatus(),
                    "the gateway answered " + gateway.code().code() + ": " + gateway.getMessage());
        }
        return GenerationException.aiError(502, "the gateway failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
    }
}
