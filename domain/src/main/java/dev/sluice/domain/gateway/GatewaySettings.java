package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A gateway's settings, the fields of Cloudflare's gateway object. Zero means "off" for the cache TTL
 * and the rate limit, as it does on the wire. Every range is checked here, so a gateway that exists
 * always has settings the pipeline can act on. Its {@link GatewayLimits} are Sluice's own rules beyond
 * Cloudflare's rate limit ({@code limits}) and Cloudflare's {@code spend_limits}.
 */
public record GatewaySettings(
        long cacheTtlSeconds,
        boolean cacheInvalidateOnUpdate,
        boolean collectLogs,
        long rateLimitingIntervalSeconds,
        long rateLimitingLimit,
        RateLimitTechnique rateLimitingTechnique,
        boolean authentication,
        OptionalLong logManagement,
        LogManagementStrategy logManagementStrategy,
        boolean logpush,
        Optional<String> logpushPublicKey,
        int retryMaxAttempts,
        int retryDelayMs,
        Backoff retryBackoff,
        GatewayLimits limits) {

    public static final long MIN_LOG_MANAGEMENT = 10_000;
    public static final long MAX_LOG_MANAGEMENT = 10_000_000;

    public GatewaySettings {
        atLeastZero(cacheTtlSeconds, "cache_ttl");
        atLeastZero(rateLimitingIntervalSeconds, "rate_limiting_interval");
        if (rateLimitingIntervalSeconds > LimitRulesReader.MAX_WINDOW_SECONDS) {
            throw invalid("rate_limiting_interval must be at most " + LimitRulesReader.MAX_WINDOW_SECONDS
                    + " (seconds, a year), as a limit's window is");
        }
        atLeastZero(rateLimitingLimit, "rate_limiting_limit");
        Objects.requireNonNull(rateLimitingTechnique, "rateLimitingTechnique");
        Objects.requireNonNull(logManagement, "logManagement");
        Objects.requireNonNull(logManagementStrategy, "logManagementStrategy");
        Objects.requireNonNull(logpushPublicKey, "logpushPublicKey");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(limits, "limits");
        if (logManagement.isPresent()
                && (logManagement.getAsLong() < MIN_LOG_MANAGEMENT || logManagement.getAsLong() > MAX_LOG_MANAGEMENT)) {
            throw invalid("log_management must be between 10000 and 10000000");
        }
        logpushPublicKey.ifPresent(key -> {
            if (key.length() < 16 || key.length() > 1024) {
                throw invalid("logpush_public_key must be 16 to 1024 characters");
            }
        });
        if (retryMaxAttempts < 1 || retryMaxAttempts > 5) {
            throw invalid("retry_max_attempts must be between 1 and 5");
        }
        if (retryDelayMs < 0 || retryDelayMs > 5000) {
            throw invalid("retry_delay must be between 0 and 5000 (milliseconds)");
        }
    }

    /** Settings without limits beyond Cloudflare's own rate limit. */
    public GatewaySettings(long cacheTtlSeconds, boolean cacheInvalidateOnUpdate, boolean collectLogs,
                           long rateLimitingIntervalSeconds, long rateLimitingLimit,
                           RateLimitTechnique rateLimitingTechnique, boolean authentication, OptionalLong logManagement,
                           LogManagementStrategy logManagementStrategy, boolean logpush,
                           Optional<String> logpushPublicKey, int retryMaxAttempts, int retryDelayMs,
                           Backoff retryBackoff) {
        this(cacheTtlSeconds, cacheInvalidateOnUpdate, collectLogs, rateLimitingIntervalSeconds, rateLimitingLimit,
                rateLimitingTechnique, authentication, logManagement, logManagementStrategy, logpush, logpushPublicKey,
                retryMaxAttempts, retryDelayMs, retryBackoff, GatewayLimits.NONE);
    }

    /** Cloudflare's defaults for a new gateway: logs on, everything else off. */
    public static GatewaySettings defaults() {
        return new GatewaySettings(0, false, true, 0, 0, RateLimitTechnique.FIXED, false,
                OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING, false, Optional.empty(),
                1, 0, Backoff.CONSTANT);
    }

    public boolean cachingEnabled() {
        return cacheTtlSeconds > 0;
    }

    public boolean rateLimited() {
        return rateLimitingLimit > 0 && rateLimitingIntervalSeconds > 0;
    }

    /** The gateway's own rate limit as a rule ({@link LimitRule#GATEWAY_RULE}), when it has one. */
    public Optional<LimitRule> rateLimitRule() {
        return rateLimited() ? Optional.of(new LimitRule(LimitRule.GATEWAY_RULE, true, LimitMeasure.REQUESTS,
                BigDecimal.valueOf(rateLimitingLimit), rateLimitingIntervalSeconds, rateLimitingTechnique,
                List.of(), true)) : Optional.empty();
    }

    public GatewaySettings withAuthentication(boolean required) {
        return new GatewaySettings(cacheTtlSeconds, cacheInvalidateOnUpdate, collectLogs,
                rateLimitingIntervalSeconds, rateLimitingLimit, rateLimitingTechnique, required, logManagement,
                logManagementStrategy, logpush, logpushPublicKey, retryMaxAttempts, retryDelayMs, retryBackoff, limits);
    }

    private static void atLeastZero(long value, String field) {
        if (value < 0) {
            throw invalid(field + " must be zero or more");
        }
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_BODY, message);
    }
}
