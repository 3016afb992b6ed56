package dev.sluice.domain.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request's own headers say about caching: {@code cf-aig-cache-ttl} (already held to the
 * allowed range; zero turns caching off), {@code cf-aig-cache-key} and {@code cf-aig-skip-cache}.
 */
public record CacheDirectives(Optional<Duration> ttl, Optional<String> key, boolean skipLookup) {

    public static final CacheDirectives NONE = new CacheDirectives(Optional.empty(), Optional.empty(), false);

    public CacheDirectives {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(key, "key");
    }
}
