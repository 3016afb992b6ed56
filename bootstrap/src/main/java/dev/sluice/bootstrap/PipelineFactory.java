package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.mock.MockProvider;
import dev.sluice.adapters.http.compat.OpenAiChatSurface;
import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.application.access.GatewayAccess;
import dev.sluice.application.access.ResolveGatewayStage;
import dev.sluice.application.cache.CacheLimits;
import dev.sluice.application.cache.CacheStage;
import dev.sluice.application.cache.PurgeEpochs;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.application.compat.ChatDialects;
import dev.sluice.application.compat.CompatModels;
import dev.sluice.application.compat.CompatStage;
import dev.sluice.application.limits.LimitsStage;
import dev.sluice.application.log.ExchangeLog;
import dev.sluice.application.log.ObserveStage;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.CallProviderStage;
import dev.sluice.application.pipeline.CallsInFlight;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ReadPolicyStage;
import dev.sluice.application.pipeline.ResolveProviderStage;
import dev.sluice.application.pipeline.TranslateStage;
import dev.sluice.application.proxy.ProxyProviderRequestService;
import dev.sluice.application.universal.UniversalService;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.provider.ProviderCatalog;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The request pipeline, composed once: the order of its stages is declared here and nowhere else. Every
 * surface (provider-native, the unified API, /generate in process) hands its calls to it.
 * The one timer thread the pipeline's stages schedule on is made here too, so the core starts none.
 */
@Factory
final class PipelineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);

    /**
     * Retry pauses, coalesced followers' waits and unread-body watchdogs: short tasks, never blocking, so the
     * stages get this timer through a {@link LoopLocalScheduler}, which lets the event loop that scheduled a
     * task run it; the timer thread takes the rest. (The bean stays a plain executor so that Micronaut's
     * executor metrics bind to it.)
     */
    @Singleton
    @Named("pipeline")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService pipelineScheduler() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sluice-pipeline-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Singleton
    Pipeline pipeline(GatewayAccess access, ProviderCatalog providers, CallProviderPort provider,
                      ResponseCachePort cache, CacheLimits limits, JsonMapper mapper, ExchangeLog log, RequestIds ids,
                      Clock clock, LogConfiguration logs, @Named("pipeline") ScheduledExecutorService timer,
                      CompatStage compat, LimitsStage limitsStage, CallsInFlight inFlight, PurgeEpochs purges) {
        LoopLocalScheduler scheduler = new LoopLocalScheduler(timer);
        JsonObjectReader json = new SerdeJsonObjectReader(mapper);
        Pipeline pipeline = new Pipeline(List.of(
                new ResolveGatewayStage(access),
                new ReadPolicyStage(json),
                compat,
                new ResolveProviderStage(providers),
                new ObserveStage(log, ids, logs.maxBodySize(), limits.unreadBodyLimit(), scheduler, scheduler::here),
                limitsStage,
                new TranslateStage(),
                new CacheStage(cache, limits, json, scheduler, purges),
                new CallProviderStage(provider, scheduler, inFlight)), clock);
        LOG.info("Request pipeline: {}", pipeline.describe());
        return pipeline;
    }

    /** The provider calls under way, given up as a stop's grace period ends ({@link GiveUpAtGraceEnd}). */
    @Singleton
    CallsInFlight callsInFlight() {
        return new CallsInFlight();
    }

    /** The unified API's routing: the providers' dialects, the OpenAI client format, the models it lists. */
    @Singleton
    CompatStage compatStage(ProviderCatalog providers, ProviderFactory.Profiles profiles, JsonMapper mapper,
                            PriceTable prices, Clock clock, ParsedBodies bodies) {
        return new CompatStage(providers, new ChatDialects(profiles.all()), new OpenAiChatSurface(mapper, clock),
                new CompatModels(prices.models(), MockProvider.MODELS), clock, bodies);
    }

    /** The universal endpoint: steps through the same pipeline, the first-content watch on its scheduler. */
    @Singleton
    UniversalService universal(Pipeline pipeline, ProviderCatalog providers, RequestIds ids,
                               @Named("pipeline") ScheduledExecutorService timer, JsonMapper mapper) {
        return new UniversalService(pipeline, providers, ids, new LoopLocalScheduler(timer),
                new SerdeJsonObjectReader(mapper));
    }

    @Singleton
    ProxyProviderRequestService proxyProviderRequest(Pipeline pipeline) {
        return new ProxyProviderRequestService(pipeline);
    }
}
