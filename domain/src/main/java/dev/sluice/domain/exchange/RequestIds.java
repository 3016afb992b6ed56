package dev.sluice.domain.exchange;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the ids a request is known by: lower-case UUIDv7 (time-ordered), as Cloudflare issues for
 * {@code cf-aig-log-id} since October 2026. The ids are not secrets, so a fast random source is enough.
 */
public final class RequestIds {

    private final Clock clock;

    public RequestIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long millis = clock.millis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
