package dev.sluice.application.universal;

import dev.sluice.application.compat.CompatStage;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.domain.chat.CompatModel;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.FirstChunk;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.universal.FallbackPolicy;
import dev.sluice.domain.universal.UniversalStep;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a universal request's steps in order, each a whole call through the pipeline (its retries
 * exhausted there before the next step), until one answers; {@link FallbackPolicy} decides what falls
 * back. A streamed answer is held until its first content ({@link FirstContent}), so a stream that fails
 * before the client has seen content falls back too. Every step's call shares the request's event id,
 * so its log entries (one per attempt, each with its step) are found together. Steps are checked before
 * the first is sent: an unknown provider is refused with nothing sent.
 */
public final class UniversalService implements UniversalRequestUseCase {

    /** The most of a failed step's body read before moving on; a longer one is cut (and logged as cut). */
    static final long MAX_FAILED_BODY = 1024 * 1024;

    private final Pipeline pipeline;
    private final ProviderCatalog providers;
    private final RequestIds ids;
    private final ScheduledExecutorService scheduler;
    private final JsonObjectReader json;

    public UniversalService(Pipeline pipeline, ProviderCatalog providers, RequestIds ids,
                            ScheduledExecutorService scheduler, JsonObjectReader json) {
        this.pipeline = pipeline;
        this.providers = providers;
        this.ids = ids;
        this.scheduler = scheduler;
        this.json = json;
    }

    @Override
    public CompletionStage<UniversalAnswer> run(UniversalRequestCommand command) {
        List<UniversalStep> steps = command.steps();
        GatewayHeaders.parse(command.headers(), json);
        for (int i = 0; i < steps.size(); i++) {
            String provider = steps.get(i).provider();
            if (!provider.equals(CompatStage.PROVIDER) && providers.find(provider).isEmpty()) {
                throw new GatewayException(ErrorCode.INVALID_PROVIDER, "steps[" + i + "].provider: unknown provider '"
                        + abbreviate(provider) + "'");
            }
            requireRoutable(command, i);
        }
        return attempt(command, 0);
    }

    /**
     * What would stop step {@code i} once reached, found before anything is sent: its endpoint's path, its headers, and
     * for a unified API step a model that names a provider Sluice routes.
     */
    private void requireRoutable(UniversalRequestCommand command, int i) {
        UniversalStep step = command.steps().get(i);
        // A path that climbs out of its provider's base, or that is no URL: found by a probe only once its step was
        // reached, after the steps before it had been sent (and never, when one of them answered).
        providers.find(step.provider()).ifPresent(provider -> {
            try {
                if (provider.inProcess()) {
                    provider.requireConfined(step.path());
                } else {
                    provider.resolve(step.path(), step.rawQuery());
                }
            } catch (GatewayException invalid) {
                throw new GatewayException(invalid.code(), "steps[" + i + "].endpoint: " + invalid.getMessage());
            }
        });
        if (step.provider().equals(CompatStage.PROVIDER)) {
            String model = json.readTopLevelString(step.query(), "model").orElse("");
            CompatModel named;
            try {
                named = CompatModel.parse(model);
            } catch (GatewayException invalid) {
                throw new GatewayException(invalid.code(), "steps[" + i + "].query." + invalid.getMessage());
            }
            if (providers.find(named.provider()).isEmpty()) {
                throw new GatewayException(ErrorCode.INVALID_PROVIDER, "steps[" + i + "].query.model: '"
                        + abbreviate(model) + "' does not name a provider Sluice routes");
            }
        }
        try {
            // The step's own headers: the request's were read once above, and its config when the steps were read.
            Headers own = new Headers(step.headers());
            GatewayHeaders.parse(own, json);
        } catch (GatewayException invalid) {
            throw new GatewayException(invalid.code(), "steps[" + i + "].headers: " + invalid.getMessage());
        }
    }

    private CompletionStage<UniversalAnswer> attempt(UniversalRequestCommand command, int index) {
        UniversalStep step = command.steps().get(index);
        boolean last = index == command.steps().size() - 1;
        CompletionStage<ProxiedResponse> answer;
        // The first step's entry takes the request's id, so a request answered in a single step has one id for
        // its request and its log entry, as Cloudflare's cf-aig-request-id and cf-aig-log-id are then.
        String callId = index == 0 ? command.requestId() : ids.next();
        try {
            answer = pipeline.run(StepCalls.call(command, index, callId));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((proxied, error) -> {
            if (error != null) {
                Throwable cause = Failures.cause(error);
                if (last || !unreached(cause) || command.clientGone().toCompletableFuture().isDone()) {
                    return CompletableFuture.<UniversalAnswer>failedFuture(new StepFailedException(index, callId, cause));
                }
                return attempt(command, index + 1);
            }
            int status = proxied.response().status();
            if (!last && FallbackPolicy.fallsBack(status, provider(step), provider(command.steps().get(index + 1)))) {
                // Read to its end rather than cut, so the step's log entry has its status and error body.
                return Bodies.collect(proxied.response().body(), MAX_FAILED_BODY)
                        .handle((ignored, tooLong) -> attempt(command, index + 1)).thenCompose(next -> next);
            }
            if (!streamed(proxied)) {
                return whole(command, proxied, index, last);
            }
            return FirstContent.await(proxied.response(), step.config().requestTimeout(),
                            StreamErrors.event(step.provider()), scheduler, json, command.clientGone())
                    .thenCompose(committed -> committed
                            .map(response -> CompletableFuture.completedFuture(answered(command,
                                    new ProxiedResponse(proxied.logId(), proxied.requestId(), proxied.eventId(),
                                            proxied.cacheStatus(), response), index)))
                            .orElseGet(() -> last || command.clientGone().toCompletableFuture().isDone()
                                    ? CompletableFuture.failedFuture(new StepFailedException(index, proxied.logId(),
                                    new GatewayException(ErrorCode.PROVIDER_FAILED,
                                            "The provider's stream failed before any content")))
                                    : attempt(command, index + 1).toCompletableFuture()));
        }).thenCompose(next -> next);
    }

    /**
     * A whole answer, held to its body's first chunk: a body that fails before it falls back like an unreached
     * step, or is a 502 at the last step.
     */
    private CompletionStage<UniversalAnswer> whole(UniversalRequestCommand command, ProxiedResponse proxied, int index,
                                                   boolean last) {
        return FirstChunk.await(proxied.response()).handle((response, cut) -> {
            if (cut == null) {
                return CompletableFuture.completedFuture(answered(command, new ProxiedResponse(proxied.logId(),
                        proxied.requestId(), proxied.eventId(), proxied.cacheStatus(), response), index));
            }
            if (last || command.clientGone().toCompletableFuture().isDone()) {
                return CompletableFuture.<UniversalAnswer>failedFuture(new StepFailedException(index, proxied.logId(),
                        new GatewayException(ErrorCode.PROVIDER_FAILED,
                                "The provider's answer failed before its body's first byte")));
            }
            return attempt(command, index + 1).toCompletableFuture();
        }).thenCompose(next -> next);
    }

    /** The step's answer, with the universal request's id rather than the step call's. */
    private static UniversalAnswer answered(UniversalRequestCommand command, ProxiedResponse proxied, int step) {
        return new UniversalAnswer(new ProxiedResponse(proxied.logId(), command.requestId(), proxied.eventId(),
                proxied.cacheStatus(), proxied.response()), step);
    }

    /** The provider a step reaches: for a unified API step, the one its model names ({@code compat:anthropic}). */
    private String provider(UniversalStep step) {
        if (!step.provider().equals(CompatStage.PROVIDER)) {
            return step.provider();
        }
        String model = json.readTopLevelString(step.query(), "model").orElse("");
        int slash = model.indexOf('/');
        return CompatStage.PROVIDER + ":" + (slash < 0 ? model : model.substring(0, slash));
    }

    /**
     * The provider could not be reached or did not answer in time, or the gateway's own limits refused the step (a
     * rule may cover one provider only): another step may be answered.
     */
    private static boolean unreached(Throwable cause) {
        if (cause instanceof ProviderUnavailableException) {
            return true;
        }
        return cause instanceof GatewayException known && (known.code() == ErrorCode.PROVIDER_FAILED
                || known.code() == ErrorCode.PROVIDER_TIMEOUT || known.code() == ErrorCode.RATE_LIMITED
                || known.code() == ErrorCode.SPEND_LIMITED);
    }

    private static boolean streamed(ProxiedResponse proxied) {
        return proxied.response().successful() && proxied.response().eventStream();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
