package dev.sluice.domain.gateway;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A change to some of a gateway's settings, as a partial update or a configuration file describes it:
 * each value given replaces the base's, each value left out ({@code null}) keeps it. Enumerations are
 * given in their wire spelling and checked here; the result is checked by {@link GatewaySettings}.
 */
public final class GatewaySettingsChange {

    private final GatewaySettings base;
    private Long cacheTtl;
    private Boolean cacheInvalidateOnUpdate;
    private Boolean collectLogs;
    private Long rateLimitingInterval;
    private Long rateLimitingLimit;
    private String rateLimitingTechnique;
    private Boolean authentication;
    private Long logManagement;
    private String logManagementStrategy;
    private Boolean logpush;
    private String logpushPublicKey;
    private Integer retryMaxAttempts;
    private Integer retryDelay;
    private String retryBackoff;
    private Object limits;
    private Object spendLimits;

    private GatewaySettingsChange(GatewaySettings base) {
        this.base = base;
    }

    public static GatewaySettingsChange of(GatewaySettings base) {
        return new GatewaySettingsChange(base);
    }

    public GatewaySettingsChange cacheTtl(Long seconds) {
        this.cacheTtl = seconds;
        return this;
    }

    public GatewaySettingsChange cacheInvalidateOnUpdate(Boolean value) {
        this.cacheInvalidateOnUpdate = value;
        return this;
    }

    public GatewaySettingsChange collectLogs(Boolean value) {
        this.collectLogs = value;
        return this;
    }

    public GatewaySettingsChange rateLimiting(Long intervalSeconds, Long limit, String technique) {
        this.rateLimitingInterval = intervalSeconds;
        this.rateLimitingLimit = limit;
        this.rateLimitingTechnique = technique;
        return this;
    }

    public GatewaySettingsChange authentication(Boolean value) {
        this.authentication = value;
        return this;
    }

    public GatewaySettingsChange logManagement(Long cap, String strategy) {
        this.logManagement = cap;
        this.logManagementStrategy = strategy;
        return this;
    }

    public GatewaySettingsChange logpush(Boolean enabled, String publicKey) {
        this.logpush = enabled;
        this.logpushPublicKey = publicKey;
        return this;
    }

    public GatewaySettingsChange retry(Integer maxAttempts, Integer delayMs, String backoff) {
        this.retryMaxAttempts = maxAttempts;
        this.retryDelay = delayMs;
        this.retryBackoff = backoff;
        return this;
    }

    /**
     * Sluice's {@code limits} list and Cloudflare's {@code spend_limits} object, as parsed JSON; either left
     * out ({@code null}) keeps the base's.
     */
    public GatewaySettingsChange limits(Object limits, Object spendLimits) {
        this.limits = limits;
        this.spendLimits = spendLimits;
        return this;
    }

    public GatewaySettings apply() {
        return new GatewaySettings(
                or(cacheTtl, base.cacheTtlSeconds()),
                or(cacheInvalidateOnUpdate, base.cacheInvalidateOnUpdate()),
                or(collectLogs, base.collectLogs()),
                or(rateLimitingInterval, base.rateLimitingIntervalSeconds()),
                or(rateLimitingLimit, base.rateLimitingLimit()),
                rateLimitingTechnique == null ? base.rateLimitingTechnique()
                        : RateLimitTechnique.fromWire(rateLimitingTechnique),
                or(authentication, base.authentication()),
                logManagement == null ? base.logManagement() : OptionalLong.of(logManagement),
                logManagementStrategy == null ? base.logManagementStrategy()
                        : LogManagementStrategy.fromWire(logManagementStrategy),
                or(logpush, base.logpush()),
                logpushPublicKey == null ? base.logpushPublicKey() : Optional.of(logpushPublicKey),
                or(retryMaxAttempts, base.retryMaxAttempts()),
                or(retryDelay, base.retryDelayMs()),
                retryBackoff == null ? base.retryBackoff() : Backoff.fromWire(retryBackoff, "retry_backoff"),
                limits());
    }

    private GatewayLimits limits() {
        GatewayLimits current = base.limits();
        if (limits == null && spendLimits == null) {
            return current;
        }
        var rules = limits == null ? current.rules() : LimitRulesReader.limits(limits);
        return spendLimits == null ? new GatewayLimits(rules, current.spendEnabled(), current.spendRules())
                : LimitRulesReader.spendLimits(spendLimits, rules);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
