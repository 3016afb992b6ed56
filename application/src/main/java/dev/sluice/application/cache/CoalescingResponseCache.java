package dev.sluice.application.cache;

import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The cache stage of the pipeline, with request coalescing. A lookup that misses makes the request the
 * leader for its key: it calls upstream and streams the answer to its client while a copy is taken.
 * Identical requests arriving meanwhile follow it: they wait for the leader's complete answer and are
 * served that, without an upstream call of their own. When the leader gets no cacheable answer (an
 * error, a non-2xx status, a broken or oversized stream) its failure is its own: each follower then
 * calls upstream itself. A follower waits at most {@code followerWait} for a leader whose client may
 * never read its body. A leader's answer that nobody starts reading (its client left) is given up by the
 * pipeline's unread-body watchdog ({@link ObservedBody#watch}), which wraps every answer served, so its
 * followers stop waiting. Coalescing is per process; replicas share entries, not in-flight calls.
 */
final class CoalescingResponseCache {

    record Served(UpstreamResponse response, CacheStatus status) {
    }

    private final ResponseCachePort store;
    private final long maxEntrySize;
    private final Duration followerWait;
    private final ScheduledExecutorService scheduler;
    private final Map<CacheKey, CompletableFuture<Optional<CachedResponse>>> inFlight = new ConcurrentHashMap<>();

    CoalescingResponseCache(ResponseCachePort store, CacheLimits limits, ScheduledExecutorService scheduler) {
        this.store = store;
        this.scheduler = scheduler;
        this.maxEntrySize = limits.maxEntrySize();
        this.followerWait = limits.followerWait();
    }

    /**
     * @param whole asked once the answer has ended cleanly: whether it is a whole answer (a translated
     *              stream knows when its provider stopped before the closing event); only a whole one is stored
     */
    CompletionStage<Served> serve(CacheKey key, Duration ttl, BooleanSupplier whole,
                                  Supplier<CompletionStage<UpstreamResponse>> upstream) {
        return serve(key, ttl, whole, Optional.empty(), upstream);
    }

    /**
     * @param requestTimeout the request's own {@code cf-aig-request-timeout}, if any: as a follower it waits no longer
     *                       than that for a leader before calling the provider itself, since its client asked for a first
     *                       byte within it (a streamed leader's answer is whole only at its end)
     */
    CompletionStage<Served> serve(CacheKey key, Duration ttl, BooleanSupplier whole, Optional<Duration> requestTimeout,
                                  Supplier<CompletionStage<UpstreamResponse>> upstream) {
        Duration wait = requestTimeout.filter(limit -> limit.compareTo(followerWait) < 0).orElse(followerWait);
        CompletableFuture<Optional<CachedResponse>> leader = inFlight.get(key);
        if (leader != null) {
            return follow(leader, key, ttl, whole, wait, upstream);
        }
        return store.lookup(key)
                .exceptionally(error -> Optional.empty())
                .thenCompose(found -> found.isPresent()
                        ? CompletableFuture.completedFuture(new Served(found.get().replay(), CacheStatus.HIT))
                        : lead(key, ttl, whole, wait, upstream));
    }

    private CompletionStage<Served> lead(CacheKey key, Duration ttl, BooleanSupplier whole, Duration wait,
                                         Supplier<CompletionStage<UpstreamResponse>> upstream) {
        CompletableFuture<Optional<CachedResponse>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<CachedResponse>> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            return follow(other, key, ttl, whole, wait, upstream);
        }
        return callAndCapture(key, ttl, whole, upstream, mine);
    }

    /**
     * Calls the provider and stores a whole answer once it has ended; {@code mine} is completed with it (an in-flight
     * leader's followers wait on it; a follower calling on its own has nobody waiting on it, and is in no table).
     */
    private CompletionStage<Served> callAndCapture(CacheKey key, Duration ttl, BooleanSupplier whole,
                                                   Supplier<CompletionStage<UpstreamResponse>> upstream,
                                                   CompletableFuture<Optional<CachedResponse>> mine) {
        return call(upstream).handle((response, error) -> {
            if (error != null || !response.successful()) {
                finish(key, mine, Optional.empty(), ttl);
                if (error != null) {
                    throw Failures.propagate(error);
                }
                return new Served(response, CacheStatus.MISS);
            }
            CapturingBody body = new CapturingBody(response, maxEntrySize, whole, captured -> finish(key, mine, captured, ttl));
            return new Served(body.response(), CacheStatus.MISS);
        });
    }

    /**
     * Followers get the answer at once; the entry leaves the in-flight table only after the store has
     * it, so a request arriving in between still finds it and makes no second upstream call.
     */
    private void finish(CacheKey key, CompletableFuture<Optional<CachedResponse>> mine,
                        Optional<CachedResponse> captured, Duration ttl) {
        mine.complete(captured);
        if (captured.isEmpty()) {
            inFlight.remove(key, mine);
            return;
        }
        CompletionStage<Void> stored;
        try {
            stored = store.store(key, captured.get(), ttl);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, error) -> inFlight.remove(key, mine));
    }

    /**
     * The leader's answer, replayed; without one (the leader failed, its client left, or it took longer than the
     * follower's wait), the follower calls the provider itself, and stores its own whole answer as a leader would,
     * so one failed or slow leader does not leave the cache cold for every request after it.
     */
    private CompletionStage<Served> follow(CompletableFuture<Optional<CachedResponse>> leader, CacheKey key,
                                           Duration ttl, BooleanSupplier whole, Duration wait,
                                           Supplier<CompletionStage<UpstreamResponse>> upstream) {
        return waitAtMost(leader.copy(), wait)
                .thenCompose(answer -> answer.isPresent()
                        ? CompletableFuture.completedFuture(new Served(answer.get().replay(), CacheStatus.HIT))
                        : callAndCapture(key, ttl, whole, upstream, new CompletableFuture<>()));
    }

    /** The leader's answer, or none once {@code limit} has passed: a task on the scheduler, no thread of ours. */
    private CompletionStage<Optional<CachedResponse>> waitAtMost(CompletableFuture<Optional<CachedResponse>> answer,
                                                                 Duration limit) {
        ScheduledFuture<?> timer = scheduler.schedule(() -> answer.complete(Optional.empty()),
                limit.toNanos(), TimeUnit.NANOSECONDS);
        return answer.whenComplete((ignored, error) -> timer.cancel(false))
                .exceptionally(error -> Optional.empty());
    }

    private static CompletionStage<UpstreamResponse> call(Supplier<CompletionStage<UpstreamResponse>> upstream) {
        try {
            return upstream.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
