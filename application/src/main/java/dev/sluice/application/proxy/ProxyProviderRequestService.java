package dev.sluice.application.proxy;

import dev.sluice.application.pipeline.RetryingProviderCall;
import dev.sluice.application.log.ObservedBody;
import dev.sluice.application.gateway.GatewayAccess;
import dev.sluice.application.log.ExchangeRecord;
import dev.sluice.application.log.ExchangeLog;
import dev.sluice.application.cache.CoalescingResponseCache;
import dev.sluice.application.cache.CacheLimits;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.domain.cache.CacheDecision;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.cache.CacheableRequest;
import dev.sluice.domain.cost.CustomCost;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.policy.RequestPolicy;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderCatalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The provider-native pipeline: gateway, headers, provider, the cache (with coalescing), then the call
 * with its retries; every upstream attempt and every cache hit is handed to the exchange log once its
 * answer has ended, without the response waiting for it.
 */
public final class ProxyProviderRequestService implements ProxyProviderRequestUseCase {

    private static final ScheduledExecutorService WATCHDOG = watchdogTimer();

    private final GatewayAccess access;
    private final ProviderCatalog providers;
    private final RetryingProviderCall calls;
    private final CoalescingResponseCache cache;
    private final JsonObjectReader json;
    private final ExchangeLog log;
    private final RequestIds ids;
    private final Clock clock;
    private final int maxLoggedBody;
    private final Duration unreadBodyLimit;

    public ProxyProviderRequestService(GatewayAccess access, ProviderCatalog providers, CallProviderPort provider,
                                       ResponseCachePort cache, CacheLimits limits, JsonObjectReader json,
                                       ExchangeLog log, RequestIds ids, Clock clock, int maxLoggedBody) {
        this.access = access;
        this.providers = providers;
        this.calls = new RetryingProviderCall(provider);
        this.cache = new CoalescingResponseCache(cache, limits);
        this.json = json;
        this.log = log;
        this.ids = ids;
        this.clock = clock;
        this.maxLoggedBody = maxLoggedBody;
        this.unreadBodyLimit = limits.unreadBodyLimit();
    }

    @Override
    public CompletionStage<ProxiedResponse> proxy(ProxyProviderRequestCommand command) {
        long started = System.nanoTime();
        Instant arrived = clock.instant();
        return access.open(command.account(), command.gateway(), command.headers()).thenCompose(gateway -> {
            RequestPolicy policy = GatewayHeaders.parse(command.headers(), json);
            LogCollection collection = LogCollection.decide(gateway.settings(), command.headers());
            Optional<CustomCost> customCost = command.headers().first(CustomCost.HEADER)
                    .map(value -> CustomCost.parse(value, json));
            Provider provider = providers.find(command.provider())
                    .orElseThrow(() -> new GatewayException(ErrorCode.INVALID_PROVIDER,
                            "Invalid provider '" + abbreviate(command.provider()) + "'"));
            UpstreamRequest request = UpstreamRequest.to(provider, command.method(), command.path(),
                    command.rawQuery(), HeaderForwarding.towardsProvider(command.headers()), command.body());
            String eventId = policy.eventId().orElse(command.requestId());
            Exchange exchange = new Exchange(command, gateway, collection, provider.slug().value(), started, arrived,
                    new ExchangeRecord.Request(command.body(), command.headers().first("user-agent").orElse(""),
                            command.headers().first("content-type").orElse(""), gateway.settings().authentication(),
                            policy.metadata(), eventId, customCost));
            Supplier<CompletionStage<UpstreamResponse>> upstream = () -> calls.call(request,
                    policy.retryPolicy(gateway.settings()), policy.requestTimeout(), exchange);
            CacheDecision decision = CacheDecision.decide(gateway.settings(), policy.cache(), command.method());
            if (decision.mode() != CacheDecision.Mode.USE) {
                return upstream.get().thenApply(response -> new ProxiedResponse(command.requestId(),
                        command.requestId(), eventId, decision.statusWithoutLookup(), exchange.observe(response, false)));
            }
            CacheKey key = CacheKey.of(gateway.ref(), CacheableRequest.of(request, policy.cache().key(), json));
            return cache.serve(key, decision.ttl(), upstream).thenApply(served -> new ProxiedResponse(
                    command.requestId(), command.requestId(), eventId, served.status(),
                    exchange.observe(served.response(), served.status() == CacheStatus.HIT)));
        });
    }

    /** One request's way through the gateway, as far as its log entries need to know. */
    private final class Exchange implements RetryingProviderCall.AttemptObserver {

        private final ProxyProviderRequestCommand command;
        private final Gateway gateway;
        private final LogCollection collection;
        private final String provider;
        private final long started;
        private final Instant arrived;
        private final ExchangeRecord.Request request;
        private volatile long upstreamNanos;
        private volatile int lastAttempt;
        private volatile long attemptStarted;

        Exchange(ProxyProviderRequestCommand command, Gateway gateway, LogCollection collection, String provider,
                 long started, Instant arrived, ExchangeRecord.Request request) {
            this.command = command;
            this.gateway = gateway;
            this.collection = collection;
            this.provider = provider;
            this.started = started;
            this.arrived = arrived;
            this.request = request;
            this.attemptStarted = started;
        }

        @Override
        public void answered(int attempt, int status, long nanos, boolean retrying) {
            upstreamNanos += nanos;
            lastAttempt = attempt;
            if (retrying) {
                record(ids.next(), attempt, false, status, "", ObservedBody.Seen.NOTHING, false, Optional.empty());
                attemptStarted = System.nanoTime();
            }
        }

        @Override
        public void unanswered(int attempt, Throwable cause, long nanos, boolean retrying) {
            upstreamNanos += nanos;
            lastAttempt = attempt;
            int status = cause instanceof GatewayException known ? known.code().httpStatus() : 500;
            record(retrying ? ids.next() : command.requestId(), attempt, false, status, "", ObservedBody.Seen.NOTHING,
                    false, retrying ? Optional.empty() : Optional.of(overheadSoFar()));
            attemptStarted = System.nanoTime();
        }

        UpstreamResponse observe(UpstreamResponse response, boolean hit) {
            Duration overhead = overheadSoFar();
            int attempt = hit ? 0 : lastAttempt;
            String contentType = response.headers().first("content-type").orElse("");
            ObservedBody body = new ObservedBody(response.body(), maxLoggedBody, seen -> {
                if (seen == ObservedBody.Seen.NOTHING) {
                    response.discard();
                }
                record(command.requestId(), attempt, hit, response.status(), contentType, seen,
                        response.successful() && seen.clean(), Optional.of(overhead));
            });
            return new UpstreamResponse(response.status(), response.headers(), body.watch(WATCHDOG, unreadBodyLimit));
        }

        private Duration overheadSoFar() {
            return Duration.ofNanos(Math.max(0, System.nanoTime() - started - upstreamNanos));
        }

        private void record(String id, int attempt, boolean hit, int status, String contentType,
                            ObservedBody.Seen seen, boolean success, Optional<Duration> overhead) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Instant createdAt = hit ? arrived : arrived.plusNanos(attemptStarted - started);
            log.record(new ExchangeRecord(id, gateway, collection, createdAt, provider, command.path(), request,
                    attempt, hit, status, contentType, seen, success, millis, overhead));
        }
    }

    private static ScheduledExecutorService watchdogTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sluice-unread-body-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
