package dev.sluice.adapters.store.limits;

import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Limit counters in this process. A fixed window is a sum for the current epoch-aligned window; a
 * sliding window keeps its entries (time, amount) so no more than the limit is counted in any
 * window-long span, entries of the same millisecond in one slot ({@link EntryRing}); a concurrency
 * counter is a sum of what is in flight. All are exact, but for sliding windows longer than
 * {@link #MAX_SLOTS} milliseconds (65.5 s): those count each entry at its time rounded up to a step of
 * window ÷ {@value #MAX_SLOTS}, so that a window holds at most 65,536 slots (1.5 MB) whatever the traffic,
 * and an entry stays counted up to one step longer than its window (an hour: 55 ms; a week: 9.3 s): a
 * request may be refused that much early, never admitted over the limit. Each counter is updated under
 * its own lock, briefly; nothing here waits. A counter that holds nothing any more (its window passed, no
 * slot in flight) is dropped by a sweep every {@link #SWEEP_EVERY}, off the request path, so counters
 * partitioned by a header or a metadata value do not grow without end. Given {@link CounterSnapshots}, the fixed and
 * sliding counters are saved every {@link #SAVE_EVERY} when they changed and at {@link #close()}, and read back when
 * made: a restart does not start every window again (a monthly budget included). Concurrency counters are not
 * saved (what was in flight ended with the process).
 */
public final class EmbeddedLimitCounters implements LimitCountersPort, AutoCloseable {

    static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    /** The most steps a sliding window is divided into (so at most one more slot than this). */
    static final long MAX_SLOTS = 65_535;

    /** How often changed counters are saved, at most: what a crash (not a shutdown) may lose. */
    static final Duration SAVE_EVERY = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLimitCounters.class);

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final Clock clock;
    private final CounterSnapshots snapshots;
    /** What the counters were at the last save (or load), to skip a save when nothing changed; the saver's. */
    private long savedSignature = Long.MIN_VALUE;

    /** Counters swept by a daemon thread of their own, stopped by {@link #close()}, and not saved. */
    public EmbeddedLimitCounters(Clock clock) {
        this(clock, null);
    }

    /**
     * Counters swept and saved by a daemon thread of their own, stopped by {@link #close()}, which saves them a last
     * time; read back from {@code snapshots} now.
     *
     * @param snapshots where the counters are saved, or null for none
     */
    public EmbeddedLimitCounters(Clock clock, CounterSnapshots snapshots) {
        this.clock = clock;
        this.snapshots = snapshots;
        if (snapshots != null) {
            restore(snapshots.load(), clock.millis());
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-limit-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(() -> sweep(clock.instant()), SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        if (snapshots != null) {
            sweeper.scheduleWithFixedDelay(this::saveLogged, SAVE_EVERY.toMillis(), SAVE_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Counters swept only when asked ({@link #sweep}), and not saved: for tests and benchmarks. */
    EmbeddedLimitCounters() {
        this.sweeper = null;
        this.clock = null;
        this.snapshots = null;
    }

    /** The saved counters whose windows still count something now; the others are left out. */
    private void restore(List<CounterSnapshots.Saved> saved, long now) {
        for (CounterSnapshots.Saved counter : saved) {
            Counter state = Counter.restored(counter, now);
            if (state != null) {
                counters.put(counter.key(), state);
            }
        }
        savedSignature = signature(now);
        LOG.info("Limit counters: {} read back from the embedded database ({} saved)", counters.size(), saved.size());
    }

    /** Whether a counter is saved: a fixed or sliding one that holds something at {@code now}. Under its lock. */
    private static boolean saved(Counter state, long now) {
        return !state.retired && state.window != null && state.window.kind() != CounterWindow.Kind.CONCURRENT
                && !state.idle(now);
    }

    /** A number that changes whenever a saved counter does (one is counted, settled, added or dropped). */
    private long signature(long now) {
        long signature = 17;
        for (Map.Entry<String, Counter> entry : counters.entrySet()) {
            Counter state = entry.getValue();
            synchronized (state) {
                if (saved(state, now)) {
                    signature = 31 * signature + entry.getKey().hashCode() + 7 * state.nextId + state.settles;
                }
            }
        }
        return signature;
    }

    /**
     * Saves the counters if they changed since the last save, each copied under its own lock. Run by the sweeper's
     * thread, and by {@link #close()}.
     */
    synchronized void save() {
        long now = clock.millis();
        long signature = signature(now);
        if (signature == savedSignature) {
            return;
        }
        List<CounterSnapshots.Saved> saved = new ArrayList<>();
        for (Map.Entry<String, Counter> entry : counters.entrySet()) {
            Counter state = entry.getValue();
            synchronized (state) {
                if (saved(state, now)) {
                    saved.add(state.saved(entry.getKey()));
                }
            }
        }
        snapshots.replace(saved);
        savedSignature = signature;
    }

    private void saveLogged() {
        try {
            save();
        } catch (RuntimeException e) {
            LOG.warn("Limit counters could not be saved (tried again in {} s): {}", SAVE_EVERY.toSeconds(), e.toString());
        }
    }

    @Override
    public CompletionStage<Admission> admit(LimitCounter counter, long amount, Instant now) {
        String key = storeKey(counter.key(), counter.window());
        while (true) {
            Counter state = counters.computeIfAbsent(key, ignored -> new Counter());
            synchronized (state) {
                if (!state.retired) {
                    return CompletableFuture.completedFuture(state.admit(counter, amount, now.toEpochMilli()));
                }
            }
        }
    }

    /**
     * Drops the counters that hold nothing at {@code now}. A counter is retired under its lock, so an
     * admission racing the sweep either finishes first (and the counter is no longer empty) or finds it
     * retired and starts a new one.
     */
    void sweep(Instant now) {
        long at = now.toEpochMilli();
        counters.forEach((key, state) -> {
            synchronized (state) {
                if (state.idle(at)) {
                    state.retired = true;
                    counters.remove(key, state);
                }
            }
        });
    }

    int size() {
        return counters.size();
    }

    /** How many slots a sliding counter holds (0 if it has none): for tests. */
    int slots(LimitCounter counter) {
        Counter state = counters.get(storeKey(counter.key(), counter.window()));
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.entries.size();
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdown();
            try {
                sweeper.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (snapshots != null) {
            saveLogged();
        }
    }

    @Override
    public CompletionStage<Void> settle(Admission admission, long amount) {
        LimitCounter counter = admission.counter();
        Counter state = counters.get(storeKey(counter.key(), counter.window()));
        if (state != null && admission.allowed()) {
            synchronized (state) {
                state.settle(counter.window(), admission, amount);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<CounterUsage>> usage(String keyPrefix, CounterWindow window, Instant now) {
        String suffix = "#" + window.tag();
        List<CounterUsage> usage = new ArrayList<>();
        counters.forEach((key, state) -> {
            if (key.startsWith(keyPrefix) && key.endsWith(suffix)) {
                synchronized (state) {
                    usage.add(state.usage(key.substring(keyPrefix.length(), key.length() - suffix.length()),
                            window, now.toEpochMilli()));
                }
            }
        });
        return CompletableFuture.completedFuture(usage);
    }

    @Override
    public CompletionStage<Void> forget(GatewayRef gateway) {
        String prefix = LimitCountersPort.gatewayPrefix(gateway);
        counters.keySet().removeIf(key -> key.startsWith(prefix));
        if (snapshots != null) {
            // Saved now (the port allows a forget to block): a crash before the next save would bring a deleted
            // gateway's counters back.
            saveLogged();
        }
        return CompletableFuture.completedFuture(null);
    }

    private static String storeKey(String key, CounterWindow window) {
        return key + "#" + window.tag();
    }

    /**
     * The time a sliding entry counted at {@code now} is kept at: {@code now} rounded up to a step. Redis's
     * {@code admit.lua} rounds the same way, so both stores keep the same slots.
     */
    static long slotTime(CounterWindow window, long now) {
        long step = Math.max(1, -Math.floorDiv(-window.millis(), MAX_SLOTS));
        return -Math.floorDiv(-now, step) * step;
    }

    private static final class Counter {
        private CounterWindow window;
        private long windowStart = Long.MIN_VALUE;
        private long sum;
        private long nextId;
        private long settles;
        private boolean retired;
        private final EntryRing entries = new EntryRing();

        /** A saved counter as it stands at {@code now}, or null when its window has passed. */
        static Counter restored(CounterSnapshots.Saved saved, long now) {
            Counter state = new Counter();
            state.window = saved.window();
            long millis = saved.window().millis();
            if (saved.window().kind() == CounterWindow.Kind.FIXED) {
                if (saved.windowStart() != Math.floorDiv(now, millis) * millis) {
                    return null;
                }
                state.windowStart = saved.windowStart();
                state.sum = saved.total();
                return state;
            }
            for (int i = 0; i < saved.times().length; i++) {
                if (saved.times()[i] > now - millis) {
                    // Entry 0: what was in flight before the restart is settled by no one, and new entries count from 1.
                    state.entries.add(saved.times()[i], 0, saved.amounts()[i]);
                }
            }
            return state.entries.size() == 0 ? null : state;
        }

        CounterSnapshots.Saved saved(String key) {
            if (window.kind() == CounterWindow.Kind.FIXED) {
                return new CounterSnapshots.Saved(key, window, windowStart, sum, new long[0], new long[0]);
            }
            long[][] slots = entries.slots();
            return new CounterSnapshots.Saved(key, window, 0, entries.sum(), slots[0], slots[1]);
        }

        /**
         * Whether it holds nothing: a fixed window that has passed (a late settlement of it is ignored
         * anyway), a sliding window whose entries have all expired, no slot in flight.
         */
        boolean idle(long now) {
            return window == null || switch (window.kind()) {
                case FIXED -> now >= windowStart + window.millis();
                case SLIDING -> {
                    entries.dropUpTo(now - window.millis());
                    yield entries.size() == 0;
                }
                case CONCURRENT -> sum == 0;
            };
        }

        Admission admit(LimitCounter counter, long amount, long now) {
            CounterWindow window = counter.window();
            this.window = window;
            long used = refresh(window, now);
            long limit = counter.limit();
            boolean allowed = used < limit && used + amount <= limit;
            long id = ++nextId;
            if (allowed) {
                if (window.kind() == CounterWindow.Kind.SLIDING) {
                    entries.add(slotTime(window, now), id, amount);
                } else {
                    sum += amount;
                }
                used += amount;
            }
            long reset = allowed ? reset(window, now) : refusedReset(window, now, limit, amount);
            return new Admission(counter, allowed, used, Instant.ofEpochMilli(reset), amount, id,
                    Instant.ofEpochMilli(now));
        }

        void settle(CounterWindow window, Admission admission, long amount) {
            settles++;
            switch (window.kind()) {
                case SLIDING -> entries.settle(admission.entry(), amount - admission.amount());
                case CONCURRENT -> sum = Math.max(0, sum + amount - admission.amount());
                case FIXED -> {
                    long counted = admission.countedAt().toEpochMilli();
                    if (windowStart == Math.floorDiv(counted, window.millis()) * window.millis()) {
                        sum = Math.max(0, sum + amount - admission.amount());
                    }
                }
            }
        }

        CounterUsage usage(String partition, CounterWindow window, long now) {
            return new CounterUsage(partition, refresh(window, now), Instant.ofEpochMilli(reset(window, now)));
        }

        private long refresh(CounterWindow window, long now) {
            switch (window.kind()) {
                case SLIDING -> {
                    entries.dropUpTo(now - window.millis());
                    return entries.sum();
                }
                case FIXED -> {
                    long start = Math.floorDiv(now, window.millis()) * window.millis();
                    if (start != windowStart) {
                        windowStart = start;
                        sum = 0;
                    }
                    return sum;
                }
                default -> {
                    return sum;
                }
            }
        }

        /**
         * When a refused amount may pass: a sliding window's once enough has left it for that amount, which may be after
         * more than its oldest entry (a client told the oldest's time was refused again); the others' reset.
         */
        private long refusedReset(CounterWindow window, long now, long limit, long amount) {
            return window.kind() == CounterWindow.Kind.SLIDING && entries.size() > 0
                    ? entries.fitsAfter(limit, amount) + window.millis() : reset(window, now);
        }

        private long reset(CounterWindow window, long now) {
            return switch (window.kind()) {
                case SLIDING -> (entries.size() == 0 ? now : entries.first()) + window.millis();
                case FIXED -> windowStart + window.millis();
                case CONCURRENT -> now;
            };
        }
    }
}
