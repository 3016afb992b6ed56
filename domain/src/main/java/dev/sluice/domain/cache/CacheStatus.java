package dev.sluice.domain.cache;

/**
 * What the cache did for one response, sent as {@code cf-aig-cache-status}. {@code MISS} is also what a
 * request gets when caching is off for it, as Cloudflare does; {@code BYPASS} means the client asked to
 * skip the lookup.
 */
public enum CacheStatus {
    HIT,
    MISS,
    BYPASS
}
