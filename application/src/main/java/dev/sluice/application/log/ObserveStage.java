package dev.sluice.application.log;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.exchange.RequestIds;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Logs what happens to the call downstream of it: every upstream attempt, retried or not, and every
 * answer served, from the provider or the cache, once its body has ended. The answer's body is watched as
 * it streams (head and tail kept for the log, never the whole stream); an answer nobody starts reading
 * (its client left) is given up after {@code unreadBodyLimit}, so its provider connection is released.
 * Nothing here makes the response wait: the entries go to the {@link ExchangeLog}'s queue. What may wait is the
 * call's start, while the writer is behind but writing ({@link ExchangeLog#room()}): the call then goes on where it
 * was, on the thread {@code resumeOn} names when it is held (its event loop), not on the writer's.
 */
public final class ObserveStage implements Stage {

    private final ExchangeLog log;
    private final RequestIds ids;
    private final int maxLoggedBody;
    private final Duration unreadBodyLimit;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Executor> resumeOn;

    /** @param resumeOn asked on the call's thread as it is held: where the call goes on once the writer caught up */
    public ObserveStage(ExchangeLog log, RequestIds ids, int maxLoggedBody, Duration unreadBodyLimit,
                        ScheduledExecutorService scheduler, Supplier<Executor> resumeOn) {
        this.resumeOn = resumeOn;
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
        CompletionStage<Void> room = log.room();
        if (room == IntakeGate.OPEN) {
            return observe(exchange, next);
        }
        return held(room).thenComposeAsync(ignored -> observe(exchange, next), resumeOn.get());
    }

    /** The writer's room, or the longest hold on this call's timer (its event loop's), whichever comes first. */
    private CompletionStage<Void> held(CompletionStage<Void> room) {
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> resumed.complete(null), log.maxHold().toNanos(),
                TimeUnit.NANOSECONDS);
        room.whenComplete((ignored, failure) -> {
            timeout.cancel(false);
            resumed.complete(null);
        });
        return resumed;
    }

    private CompletionStage<ProxiedResponse> observe(Exchange exchange, Next next) {
        ExchangeObserver observer = new ExchangeObserver(exchange, log, ids);
        exchange.attempts(observer);
        return next.proceed(exchange).thenApply(answer -> new ProxiedResponse(answer.logId(), answer.requestId(),
                answer.eventId(), answer.cacheStatus(),
                observer.observe(answer.response(), answer.cacheStatus(), maxLoggedBody, scheduler, unreadBodyLimit)));
    }
}
