package dev.sluice.adapters.store.limits;

import dev.sluice.adapters.store.RateLimitedWarning;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.adapters.store.cache.RedisUrlRefusedException;
import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import dev.sluice.adapters.store.redis.LettuceScripts;
import dev.sluice.adapters.store.redis.RedisScripts;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Limit counters in Redis, shared by every replica that points at it and exact across them: each
 * operation is one Lua script run atomically by Redis ({@code EVALSHA}, loaded at start), and a
 * request's checks against all its counters are one script: counted all or none, in one round trip. A
 * counter's keys are {@code sluice:limit:{account/gateway}:rule|partition#window:…}, under the gateway's
 * hash tag so Redis Cluster keeps a gateway's counters in one slot. Fixed windows are a count per window;
 * sliding windows a sorted set of time slots (a millisecond each, or window ÷ 65,535 for windows over 65.5 s,
 * as in {@link EmbeddedLimitCounters}) with the amounts counted in each and a running sum, so a window holds at
 * most 65,536 members whatever the rate; concurrency a sorted set of leases that expire if the replica
 * holding them dies.
 * Every command is bounded by the connection's timeout; a failure fails the returned stage (the limits
 * stage then does what each rule's {@code on_store_failure} says).
 */
public final class RedisLimitCounters implements LimitCountersPort, AutoCloseable {

    static final String PREFIX = "sluice:limit:";
    private static final Logger LOG = LoggerFactory.getLogger(RedisLimitCounters.class);

    private final RedisConnections redis;
    private final RedisScripts scripts;
    private final Script admit = Script.load("admit.lua");
    private final Script settle = Script.load("settle.lua");
    private final Script usage = Script.load("usage.lua");
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, Duration.ofSeconds(30));

    /** Scripts over Lettuce's shared connection. */
    public RedisLimitCounters(RedisConnections redis) {
        this(redis, new LettuceScripts(redis));
    }

    /**
     * Scripts (the checks and settlements, on the request path, and their loading at start) through {@code scripts};
     * the usage listing's scan through {@code redis}.
     */
    public RedisLimitCounters(RedisConnections redis, RedisScripts scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    @Override
    public CompletionStage<Admission> admit(LimitCounter counter, long amount, Instant now) {
        return admitAll(List.of(counter), new long[] {amount}, now).thenApply(all -> all.get(0));
    }

    /** One script run for all of a request's counters, all counted or none: one round trip, atomic. */
    @Override
    public CompletionStage<List<Admission>> admitAll(List<LimitCounter> counters, long[] amounts, Instant now) {
        String[] keys = new String[counters.size()];
        String[] arguments = new String[1 + 4 * counters.size()];
        arguments[0] = Long.toString(now.toEpochMilli());
        for (int i = 0; i < keys.length; i++) {
            CounterWindow window = counters.get(i).window();
            keys[i] = base(counters.get(i).key(), window);
            arguments[1 + 4 * i] = kind(window);
            arguments[2 + 4 * i] = Long.toString(window.millis());
            arguments[3 + 4 * i] = Long.toString(counters.get(i).limit());
            arguments[4 + 4 * i] = Long.toString(amounts[i]);
        }
        return run(admit, keys, arguments).thenApply(result -> {
            List<Admission> admissions = new ArrayList<>(keys.length);
            for (int i = 0; i < keys.length; i++) {
                admissions.add(new Admission(counters.get(i), number(result, 4 * i) == 1, number(result, 4 * i + 1),
                        Instant.ofEpochMilli(number(result, 4 * i + 2)), amounts[i], number(result, 4 * i + 3), now));
            }
            return admissions;
        });
    }

    @Override
    public CompletionStage<Void> settle(Admission admission, long amount) {
        return settleAll(List.of(admission), new long[] {amount});
    }

    /** One script run for all of a request's settlements: one round trip. */
    @Override
    public CompletionStage<Void> settleAll(List<Admission> admissions, long[] amounts) {
        List<String> keys = new ArrayList<>(admissions.size());
        List<String> arguments = new ArrayList<>(4 * admissions.size());
        for (int i = 0; i < admissions.size(); i++) {
            Admission admission = admissions.get(i);
            if (admission.allowed()) {
                LimitCounter counter = admission.counter();
                keys.add(base(counter.key(), counter.window()));
                arguments.addAll(List.of(kind(counter.window()), Long.toString(admission.entry()),
                        Long.toString(amounts[i]), Long.toString(admission.amount())));
            }
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return run(settle, keys.toArray(String[]::new), arguments.toArray(String[]::new))
                .handle((done, error) -> {
                    if (error != null) {
                        warning.warn("A limit counter could not be settled in Redis: {}", redis.describe(error));
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<List<CounterUsage>> usage(String keyPrefix, CounterWindow window, Instant now) {
        String pattern = glob(base(keyPrefix, window).replace("#" + window.tag(), "")) + "*#" + window.tag() + ":*";
        String head = base(keyPrefix, window).replace("#" + window.tag(), "");
        return redis.commands().thenCompose(commands -> scan(commands, pattern, ScanCursor.INITIAL,
                        new LinkedHashSet<>()))
                .thenCompose(bases -> {
                    List<CompletableFuture<CounterUsage>> found = new ArrayList<>();
                    for (String base : bases) {
                        String partition = base.substring(head.length(), base.length() - window.tag().length() - 1);
                        found.add(run(usage, new String[] {base}, kind(window), Long.toString(now.toEpochMilli()),
                                Long.toString(window.millis())).thenApply(result -> new CounterUsage(partition,
                                number(result, 0), Instant.ofEpochMilli(number(result, 1)))).toCompletableFuture());
                    }
                    return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new))
                            .thenApply(all -> found.stream().map(CompletableFuture::join)
                                    .filter(counter -> counter.used() > 0).toList());
                });
    }

    /** Blocking (management work): unlinks every key of the gateway's counters, which share its hash tag. */
    @Override
    public CompletionStage<Void> forget(GatewayRef gateway) {
        String tag = gateway.account().value() + "/" + gateway.id().value();
        try {
            redis.unlinkMatching(glob(PREFIX + "{" + tag + "}:") + "*");
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Set<String>> scan(RedisAsyncCommands<byte[], byte[]> commands, String pattern,
                                              ScanCursor cursor, Set<String> bases) {
        return commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500)).thenCompose(page -> {
            for (byte[] key : page.getKeys()) {
                String text = new String(key, StandardCharsets.UTF_8);
                bases.add(text.substring(0, text.lastIndexOf(':')));
            }
            return page.isFinished() ? CompletableFuture.completedFuture(bases)
                    : scan(commands, pattern, page, bases);
        });
    }

    private CompletionStage<List<Object>> run(Script script, String[] bases, String... arguments) {
        byte[][] keys = new byte[bases.length][];
        for (int i = 0; i < bases.length; i++) {
            keys[i] = bases[i].getBytes(StandardCharsets.UTF_8);
        }
        byte[][] values = new byte[arguments.length][];
        for (int i = 0; i < arguments.length; i++) {
            values[i] = arguments[i].getBytes(StandardCharsets.UTF_8);
        }
        return scripts.run(script.sha, script.text, keys, values);
    }

    /**
     * Connects the checks' connections ({@link RedisScripts#connect}) and loads the scripts over them ahead of
     * the first request, so the first burst of checks finds them ready rather than spending its timeout
     * connecting. A busy process at start-up can take longer than a request's timeout to connect, so the
     * connections are given {@code patience}, and tried again every 100 ms within it; a Redis still unreachable
     * then is tried again on use. A script Redis will not load (an ACL, say) is not tried again: it is sent by
     * its text when first used. Fails only when Redis refused the URL's own settings (a wrong password, a database it
     * does not have): every limit would otherwise be checked against no store and do what its on_store_failure says,
     * for as long as the process runs. Otherwise it warns.
     */
    public CompletionStage<Void> warmUp(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        return connect(patience, deadline)
                .thenCompose(connected -> {
                    Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                    return CompletableFuture.allOf(scripts.load(admit.text, left).toCompletableFuture(),
                            scripts.load(settle.text, left).toCompletableFuture(),
                            scripts.load(usage.text, left).toCompletableFuture());
                })
                .handle((done, error) -> {
                    java.util.Optional<String> refusal = error == null ? java.util.Optional.empty()
                            : RedisConnections.refusal(error);
                    if (refusal.isPresent()) {
                        throw new RedisUrlRefusedException("Redis for limits refused the settings of its URL"
                                + " (sluice.limits.redis-url, else sluice.cache.redis-url): " + refusal.get());
                    }
                    if (error != null) {
                        warning.warn("Redis for limits could not be reached at start: {}", redis.describe(error));
                    }
                    return null;
                });
    }

    private CompletableFuture<Void> connect(Duration patience, long deadline) {
        return scripts.connect(patience).toCompletableFuture()
                .handle((done, error) -> {
                    long left = deadline - System.nanoTime();
                    // A refusal of the URL's settings is final: tried again, the last try could run out of patience
                    // instead, and the start would then only warn of an outage.
                    if (error == null || left <= 0 || RedisConnections.refusal(error).isPresent()) {
                        return error == null ? CompletableFuture.<Void>completedFuture(null)
                                : CompletableFuture.<Void>failedFuture(error);
                    }
                    return CompletableFuture.runAsync(() -> { },
                                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                            .thenCompose(later -> connect(Duration.ofNanos(left), deadline));
                })
                .thenCompose(next -> next);
    }

    /** Closes its connections (it owns them). */
    @Override
    public void close() {
        scripts.close();
        redis.close();
    }

    /**
     * {@code sluice:limit:{account/gateway}:rule|partition#window}: the hash tag is the gateway, so all of a
     * request's counters are in one Redis Cluster slot and one script may update them together.
     */
    static String base(String key, CounterWindow window) {
        int gatewayEnd = key.lastIndexOf('/', key.indexOf('|'));
        return PREFIX + "{" + key.substring(0, gatewayEnd) + "}:" + key.substring(gatewayEnd + 1) + "#" + window.tag();
    }

    private static String kind(CounterWindow window) {
        return window.kind().name().substring(0, 1);
    }

    private static long number(List<Object> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    private static String glob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private record Script(String text, String sha) {
        static Script load(String name) {
            try (InputStream in = RedisLimitCounters.class.getResourceAsStream(name)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
