package dev.sluice.adapters.gateway.generate;

import dev.sluice.application.proxy.ProxyProviderRequestCommand;
import dev.sluice.application.proxy.ProxyProviderRequestUseCase;
import dev.sluice.application.generate.GenerateTextPort;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.Headers;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import io.micronaut.json.JsonMapper;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Generations through Sluice's own pipeline, in process: the same use case the provider-native URL
 * calls, so gateway settings, cache, coalescing and retries all apply, without a loopback HTTP hop.
 */
public final class InProcessGatewayAdapter implements GenerateTextPort {

    private final ProxyProviderRequestUseCase pipeline;
    private final RequestIds ids;
    private final GenerationTarget target;
    private final JsonMapper json;
    private final GenerationAnswers answers;

    public InProcessGatewayAdapter(ProxyProviderRequestUseCase pipeline, RequestIds ids, GenerationTarget target,
                                   JsonMapper json) {
        this.pipeline = pipeline;
        this.ids = ids;
        this.target = target;
        this.json = json;
        this.answers = new GenerationAnswers(json);
    }

    @Override
    public CompletionStage<GatewayAnswer> generate(GenerationRequest request) {
        GenerationCall call = GenerationCall.of(target, request, json);
        ProxyProviderRequestCommand command = new ProxyProviderRequestCommand(ids.next(), target.account(),
                target.gateway(), call.provider(), "POST", call.path(), "", new Headers(call.headers()), call.body());
        CompletionStage<GatewayAnswer> answered;
        try {
            answered = pipeline.proxy(command).thenCompose(proxied -> Bodies.collect(proxied.response().body(),
                    GenerationAnswers.MAX_BODY).thenApply(body -> new GatewayAnswer(
                    answers.text(call.provider(), proxied.response().status(), body), target.gateway(),
                    call.provider(), request.model(), proxied.cacheStatus(), Optional.of(proxied.logId()))));
        } catch (RuntimeException e) {
            answered = CompletableFuture.failedFuture(e);
        }
        return answered.exceptionally(error -> {
            throw asGenerationError(error);
        });
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
