package dev.sluice.application.log;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.exchange.RequestIds;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Logs what happens to the call downstream of it: every upstream attempt, retried or not, and every
 * answer served, from the provider or the cache, once its body has ended. The answer's body is watched as
 * it streams (head and tail kept for the log, never the whole stream); an answer nobody starts reading
 * (its client left) is given up after {@code unreadBodyLimit}, so its provider connection is released.
 * Nothing here makes the response wait: the entries go to the {@link ExchangeLog}'s queue.
 */
public final class ObserveStage implements Stage {

    private final ExchangeLog log;
    private final RequestIds ids;
    private final int maxLoggedBody;
    private final Duration unreadBodyLimit;
    private final ScheduledExecutorService scheduler;

    public ObserveStage(ExchangeLog log, RequestIds ids, int maxLoggedBody, Duration unreadBodyLimit,
                        ScheduledExecutorService scheduler) {
        this.log = log;
        this.ids = ids;
        this.maxLoggedBody = maxLoggedBody;
        this.unreadBodyLimit = unreadBodyLimit;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "observe";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        ExchangeObserver observer = new ExchangeObserver(exchange, log, ids);
        exchange.attempts(observer);
        return next.proceed(exchange).thenApply(answer -> new ProxiedResponse(answer.logId(), answer.requestId(),
                answer.eventId(), answer.cacheStatus(),
                observer.observe(answer.response(), answer.cacheStatus(), maxLoggedBody, scheduler, unreadBodyLimit)));
    }
}
