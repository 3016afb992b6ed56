package dev.sluice.adapters.store.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedResponseCacheTest extends ResponseCacheContract {

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final EmbeddedResponseCache cache = new EmbeddedResponseCache(16L * 1024 * 1024, ticker, metrics);

    @Override
    protected ResponseCachePort cache() {
        return cache;
    }

    @Override
    protected PurgeResponseCachePort purger() {
        return cache;
    }

    @Override
    protected void elapse(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void staysWithinItsByteBudgetUnderPressure() throws Exception {
        EmbeddedResponseCache small = new EmbeddedResponseCache(1024 * 1024, ticker, new SimpleMeterRegistry());
        byte[] chunk = new byte[100 * 1024];
        small.store(key(ONE, "hot"), new dev.sluice.domain.cache.CachedResponse(200,
                dev.sluice.domain.header.Headers.EMPTY, chunk), Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            small.lookup(key(ONE, "hot"));
        }
        for (int i = 0; i < 50; i++) {
            small.store(key(ONE, "e" + i), new dev.sluice.domain.cache.CachedResponse(200,
                    dev.sluice.domain.header.Headers.EMPTY, chunk), Duration.ofMinutes(1));
        }
        int kept = 0;
        for (int i = 0; i < 50; i++) {
            if (small.lookup(key(ONE, "e" + i)).toCompletableFuture().join().isPresent()) {
                kept++;
            }
        }
        assertThat(kept).isBetween(1, 9);
        assertThat(small.lookup(key(ONE, "hot")).toCompletableFuture().join())
                .as("an entry in use survives a flood of one-off entries").isPresent();
    }

    @Test
    void reportsItsSizeAsMetrics() throws Exception {
        store(key(ONE, "m"), response("metric"), Duration.ofMinutes(1));
        assertThat(metrics.get("sluice.cache.embedded.entries").gauge().value()).isEqualTo(1.0);
        assertThat(metrics.get("sluice.cache.embedded.bytes").gauge().value()).isGreaterThan(6.0);
    }
}
