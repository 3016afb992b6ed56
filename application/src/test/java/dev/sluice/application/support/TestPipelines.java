package dev.sluice.application.support;

import dev.sluice.application.cache.CacheLimits;
import dev.sluice.application.cache.CacheStage;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.application.access.GatewayAccess;
import dev.sluice.application.access.ResolveGatewayStage;
import dev.sluice.application.log.ExchangeLog;
import dev.sluice.application.log.ObserveStage;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.CallProviderStage;
import dev.sluice.application.pipeline.CallsInFlight;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ReadPolicyStage;
import dev.sluice.application.pipeline.ResolveProviderStage;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.provider.ProviderCatalog;

import dev.sluice.domain.cost.PriceTable;

import java.time.Clock;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The pipeline as bootstrap composes it, over fakes, for the use cases' tests. */
public final class TestPipelines {

    /** One timer for every test's pipeline, as the application has one. */
    public static final ScheduledExecutorService SCHEDULER = scheduler();

    private TestPipelines() {
    }

    public static Pipeline standard(GatewayAccess access, ProviderCatalog providers, CallProviderPort provider,
                                    ResponseCachePort cache, CacheLimits limits, JsonObjectReader json,
                                    ExchangeLog log, RequestIds ids, Clock clock, int maxLoggedBody) {
        return new Pipeline(List.of(
                new ResolveGatewayStage(access),
                new ReadPolicyStage(json),
                new ResolveProviderStage(providers),
                new ObserveStage(log, ids, maxLoggedBody, limits.unreadBodyLimit(), SCHEDULER, () -> Runnable::run),
                CountingLimitCounters.stage(new CountingLimitCounters(), json,
                        new PriceTable(Map.of()), CountingLimitCounters.NO_EVENTS, clock),
                new CacheStage(cache, limits, json, SCHEDULER),
                new CallProviderStage(provider, SCHEDULER, new CallsInFlight())), clock);
    }

    private static ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "test-pipeline-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** A daemon thread for a log writer under test. */
    public static Thread writerThread(Runnable task) {
        Thread thread = new Thread(task, "test-log-writer");
        thread.setDaemon(true);
        return thread;
    }
}
