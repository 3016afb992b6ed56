package dev.sluice.application.cache;

import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The cache stage of the pipeline, with request coalescing. A lookup that misses makes the request the
 * leader for its key: it calls upstream and streams the answer to its client while a copy is taken.
 * Identical requests arriving meanwhile follow it, without an upstream call of their own: when the leader's
 * answer is an event stream they join it as it streams ({@link SharedStream}: each reads it from its first event,
 * at once, and then as it comes), and otherwise wait for its complete answer and are served that. When the leader
 * gets no answer to share (an error, a non-2xx status) or no cacheable one (a broken or oversized answer) its
 * failure is its own: each follower still waiting then calls upstream itself, while one that joined a stream reads
 * it to the same end as the leader's client. A follower waits at most {@code followerWait} for a leader whose client
 * may never read its body. A leader's answer that nobody starts reading (its client left) is given up by the
 * pipeline's unread-body watchdog ({@link ObservedBody#watch}), which wraps every answer served, so its followers
 * stop waiting. Coalescing is per process; replicas share entries, not in-flight calls.
 */
final class CoalescingResponseCache {

    record Served(UpstreamResponse response, CacheStatus status) {
    }

    /** An identical request's call under way: its stream to join, once its head says it is one, and its entry. */
    private static final class InFlight {
        /** The gateway's purge count as the call began: a purge since makes its answer stale. */
        final long epoch;
        final CompletableFuture<Optional<Live>> live = new CompletableFuture<>();
        final CompletableFuture<Optional<CachedResponse>> answer = new CompletableFuture<>();

        InFlight(long epoch) {
            this.epoch = epoch;
        }
    }

    /** A leader's streamed answer: its head (the headers an entry would replay) and its stream. */
    private record Live(int status, Headers headers, SharedStream stream) {
    }

    private final ResponseCachePort store;
    private final long maxEntrySize;
    private final Duration followerWait;
    private final ScheduledExecutorService scheduler;
    private final ByteBudget budget;
    private final PurgeEpochs purges;
    private final Map<CacheKey, InFlight> inFlight = new ConcurrentHashMap<>();

    CoalescingResponseCache(ResponseCachePort store, CacheLimits limits, ScheduledExecutorService scheduler,
                            PurgeEpochs purges) {
        this.store = store;
        this.purges = purges;
        this.scheduler = scheduler;
        this.maxEntrySize = limits.maxEntrySize();
        this.followerWait = limits.followerWait();
        this.budget = new ByteBudget(limits.captureBudget());
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
     *                       byte within it
     */
    CompletionStage<Served> serve(CacheKey key, Duration ttl, BooleanSupplier whole, Optional<Duration> requestTimeout,
                                  Supplier<CompletionStage<UpstreamResponse>> upstream) {
        Duration wait = requestTimeout.filter(limit -> limit.compareTo(followerWait) < 0).orElse(followerWait);
        InFlight leader = inFlight.get(key);
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
        InFlight mine = new InFlight(purges.current(key.gateway()));
        InFlight other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            return follow(other, key, ttl, whole, wait, upstream);
        }
        return callAndCapture(key, ttl, whole, upstream, mine);
    }

    /**
     * Calls the provider and stores a whole answer once it has ended; {@code mine} is completed with it (an in-flight
     * leader's followers wait on it, or join its stream; a follower calling on its own has nobody waiting on it, and
     * is in no table).
     */
    private CompletionStage<Served> callAndCapture(CacheKey key, Duration ttl, BooleanSupplier whole,
                                                   Supplier<CompletionStage<UpstreamResponse>> upstream,
                                                   InFlight mine) {
        return call(upstream).handle((response, error) -> {
            if (error != null || !response.successful()) {
                finish(key, mine, Optional.empty(), ttl);
                if (error != null) {
                    throw Failures.propagate(error);
                }
                return new Served(response, CacheStatus.MISS);
            }
            if (response.eventStream()) {
                return new Served(shared(key, ttl, whole, response, mine), CacheStatus.MISS);
            }
            mine.live.complete(Optional.empty());
            CapturingBody body = new CapturingBody(response, maxEntrySize, budget, whole, captured -> finish(key, mine, captured, ttl));
            return new Served(body.response(), CacheStatus.MISS);
        });
    }

    /** The leader's stream, read once and shared with the followers that join it; stored once whole. */
    private UpstreamResponse shared(CacheKey key, Duration ttl, BooleanSupplier whole, UpstreamResponse response,
                                    InFlight mine) {
        SharedStream stream = new SharedStream(response.body(), maxEntrySize, budget, body -> finish(key, mine,
                body.filter(ignored -> whole.getAsBoolean()).flatMap(all -> CapturingBody.cacheable(response, all)), ttl));
        Flow.Publisher<byte[]> leaders = stream.join().orElseThrow();
        CachedResponse head = CachedResponse.of(response.status(), response.headers(), new byte[0]);
        mine.live.complete(Optional.of(new Live(head.status(), head.headers(), stream)));
        return new UpstreamResponse(response.status(), response.headers(), leaders);
    }

    /**
     * Followers get the answer at once; the entry leaves the in-flight table only after the store has
     * it, so a request arriving in between still finds it and makes no second upstream call. An answer whose call
     * began before a purge of its gateway is not stored.
     */
    private void finish(CacheKey key, InFlight mine, Optional<CachedResponse> captured, Duration ttl) {
        mine.live.complete(Optional.empty());
        mine.answer.complete(captured);
        if (captured.isEmpty() || purges.current(key.gateway()) != mine.epoch) {
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
     * The leader's stream, joined; or its whole answer, replayed. Without either (the leader failed, its client left,
     * its stream outgrew what is kept, or it took longer than the follower's wait), the follower calls the provider
     * itself, and stores its own whole answer as a leader would, so one failed or slow leader does not leave the cache
     * cold for every request after it.
     */
    private CompletionStage<Served> follow(InFlight leader, CacheKey key, Duration ttl, BooleanSupplier whole,
                                           Duration wait, Supplier<CompletionStage<UpstreamResponse>> upstream) {
        long deadline = System.nanoTime() + wait.toNanos();
        return waitAtMost(leader.live.copy(), wait).thenCompose(live -> {
            if (live.isPresent()) {
                Optional<Flow.Publisher<byte[]>> joined = live.get().stream().join();
                if (joined.isPresent()) {
                    return CompletableFuture.completedFuture(new Served(new UpstreamResponse(live.get().status(),
                            live.get().headers(), joined.get()), CacheStatus.HIT));
                }
                if (live.get().stream().streaming()) {
                    // Outgrown what is kept: its end may be long in coming, and would not be cached.
                    return callAndCapture(key, ttl, whole, upstream, new InFlight(purges.current(key.gateway())));
                }
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            return waitAtMost(leader.answer.copy(), left)
                    .thenCompose(answer -> answer.isPresent()
                            ? CompletableFuture.completedFuture(new Served(answer.get().replay(), CacheStatus.HIT))
                            : callAndCapture(key, ttl, whole, upstream, new InFlight(purges.current(key.gateway()))));
        });
    }

    /** What the leader gives, or none once {@code limit} has passed: a task on the scheduler, no thread of ours. */
    private <T> CompletionStage<Optional<T>> waitAtMost(CompletableFuture<Optional<T>> answer, Duration limit) {
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
