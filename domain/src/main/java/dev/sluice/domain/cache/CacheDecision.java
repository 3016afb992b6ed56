package dev.sluice.domain.cache;

import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Headers;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether one request uses the cache, and for how long its response is kept. Caching is on when the
 * gateway's {@code cache_ttl} is above zero or the request sends {@code cf-aig-cache-ttl} or
 * {@code cf-aig-cache-key}; a TTL of zero turns it off; only GET and POST are cached.
 */
public record CacheDecision(Mode mode, Duration ttl) {

    /** The time-to-live of an entry opted in by {@code cf-aig-cache-key} alone. */
    public static final Duration CUSTOM_KEY_TTL = Duration.ofMinutes(5);
    private static final Set<String> CACHEABLE_METHODS = Set.of("GET", "POST");

    public enum Mode {
        /** No lookup and no store: the response says {@code MISS}. */
        OFF,
        /** The client asked to skip the lookup; the fresh response is not stored either. */
        BYPASS,
        /** Look up, and store a complete successful answer for {@link #ttl()}. */
        USE
    }

    public static final CacheDecision OFF = new CacheDecision(Mode.OFF, Duration.ZERO);

    public CacheDecision {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * As {@link #decide(GatewaySettings, CacheDirectives, String)}, for a request with these headers: one asking for
     * part of an answer ({@code Range}) is not cached, since its key does not say which part, and a 206 stored for
     * {@code bytes=0-9} was served as a HIT to a request for the whole file.
     */
    public static CacheDecision decide(GatewaySettings settings, CacheDirectives directives, String method,
                                       Headers requestHeaders) {
        CacheDecision decision = decide(settings, directives, method);
        return decision.mode() == Mode.USE && requestHeaders.first("range").isPresent() ? OFF : decision;
    }

    public static CacheDecision decide(GatewaySettings settings, CacheDirectives directives, String method) {
        if (directives.ttl().filter(Duration::isZero).isPresent()) {
            return OFF;
        }
        if (directives.skipLookup()) {
            return new CacheDecision(Mode.BYPASS, Duration.ZERO);
        }
        if (!CACHEABLE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return OFF;
        }
        // As long as Cloudflare's longest, as a header's TTL is: stored longer (the API takes any whole number), it
        // overflowed the cache's nanosecond expiry and turned caching off.
        Duration gatewayTtl = Duration.ofSeconds(Math.min(settings.cacheTtlSeconds(), CacheHeaders.MAX_TTL.toSeconds()));
        Duration ttl = directives.ttl()
                .or(() -> settings.cachingEnabled() ? Optional.of(gatewayTtl) : Optional.empty())
                .or(() -> directives.key().map(key -> CUSTOM_KEY_TTL))
                .orElse(Duration.ZERO);
        return ttl.isZero() ? OFF : new CacheDecision(Mode.USE, ttl);
    }

    public CacheStatus statusWithoutLookup() {
        return mode == Mode.BYPASS ? CacheStatus.BYPASS : CacheStatus.MISS;
    }
}
