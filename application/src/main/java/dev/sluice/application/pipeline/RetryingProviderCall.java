package dev.sluice.application.pipeline;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.policy.RetryPolicy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls a provider under a retry policy without holding a thread while it waits: a retryable answer's
 * body is discarded and the call made again after the policy's delay. The last answer is returned as
 * it is, error or not; when no answer came at all, the gateway's own error says why. The pause before a
 * retry is a task on the injected scheduler, not a sleeping thread. A stopping process gives up the calls
 * and pauses under way ({@link CallsInFlight}): they end in the gateway's own 503, never retried.
 */
final class RetryingProviderCall {

    private final CallProviderPort provider;
    private final ScheduledExecutorService scheduler;
    private final CallsInFlight inFlight;

    RetryingProviderCall(CallProviderPort provider, ScheduledExecutorService scheduler, CallsInFlight inFlight) {
        this.provider = provider;
        this.scheduler = scheduler;
        this.inFlight = inFlight;
    }

    CompletionStage<UpstreamResponse> call(UpstreamRequest request, RetryPolicy policy, Optional<Duration> timeout,
                                           AttemptObserver observer, CompletionStage<Void> clientGone) {
        return attempt(request, policy, timeout, 1, System.nanoTime(), new Attempt(observer, clientGone, inFlight));
    }

    private CompletionStage<UpstreamResponse> attempt(UpstreamRequest request, RetryPolicy policy,
                                                      Optional<Duration> timeout, int attempt, long since,
                                                      Attempt context) {
        AttemptObserver observer = context.observer();
        CompletionStage<UpstreamResponse> call = context.call(() -> {
            if (attempt > 1) {
                observer.started(attempt);
            }
            return provider.callProvider(request, timeout);
        });
        return call.handle((response, error) -> {
            long answeredAt = System.nanoTime();
            boolean mayRetry = policy.mayRetryAfter(attempt) && !inFlight.stopping();
            if (error == null) {
                boolean retrying = mayRetry && RetryPolicy.retryableStatus(response.status());
                observer.answered(attempt, response.status(), answeredAt - since, retrying);
                if (!retrying) {
                    return CompletableFuture.completedFuture(response);
                }
                response.discard();
            } else {
                Throwable cause = cause(error, context);
                if (!(cause instanceof ProviderUnavailableException unavailable)) {
                    observer.unanswered(attempt, cause, answeredAt - since, false);
                    return CompletableFuture.<UpstreamResponse>failedFuture(cause);
                }
                if (!mayRetry) {
                    GatewayException failure = asGatewayError(request, unavailable);
                    observer.unanswered(attempt, failure, answeredAt - since, false);
                    return CompletableFuture.<UpstreamResponse>failedFuture(failure);
                }
                observer.unanswered(attempt, asGatewayError(request, unavailable), answeredAt - since, true);
            }
            return after(policy.delayBefore(attempt)).thenCompose(ignored ->
                    attempt(request, policy, timeout, attempt + 1, answeredAt, context));
        }).thenCompose(Function.identity());
    }

    private Throwable cause(Throwable error, Attempt context) {
        Throwable cause = Failures.cause(error);
        if (context.clientLeft()) {
            return new GatewayException(ErrorCode.CLIENT_CLOSED);
        }
        return cause instanceof CancellationException && inFlight.stopping()
                ? new GatewayException(ErrorCode.SHUTTING_DOWN) : cause;
    }

    /**
     * Who hears of each attempt, the signal that the client has left, which cancels the attempt under way, and the
     * calls a stop gives up.
     */
    private record Attempt(AttemptObserver observer, CompletionStage<Void> clientGone, CallsInFlight inFlight) {

        boolean clientLeft() {
            return clientGone.toCompletableFuture().isDone();
        }

        CompletionStage<UpstreamResponse> call(Supplier<CompletionStage<UpstreamResponse>> provider) {
            if (clientLeft()) {
                return CompletableFuture.failedFuture(new GatewayException(ErrorCode.CLIENT_CLOSED));
            }
            if (inFlight.stopping()) {
                return CompletableFuture.failedFuture(new GatewayException(ErrorCode.SHUTTING_DOWN));
            }
            CompletableFuture<UpstreamResponse> call;
            try {
                call = provider.get().toCompletableFuture();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            clientGone.thenRun(() -> call.cancel(false));
            inFlight.watch(call, () -> call.cancel(false));
            return call;
        }
    }

    private CompletionStage<Void> after(Duration delay) {
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> later = new CompletableFuture<>();
        scheduler.schedule(() -> later.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
        // A stop ends the pause at once: the next attempt is then refused as the stop's, and logged.
        inFlight.watch(later, () -> later.complete(null));
        return later;
    }

    private static GatewayException asGatewayError(UpstreamRequest request, ProviderUnavailableException e) {
        String provider = request.provider().slug().value();
        return e.timedOut()
                ? new GatewayException(ErrorCode.PROVIDER_TIMEOUT, provider + " did not answer in time: " + e.getMessage())
                : new GatewayException(ErrorCode.PROVIDER_FAILED,
                        ErrorCode.PROVIDER_FAILED.defaultMessage() + " " + provider + ": " + e.getMessage());
    }
}
