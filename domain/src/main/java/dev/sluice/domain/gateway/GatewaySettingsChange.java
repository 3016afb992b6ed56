package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

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
    private boolean noLogCap;
    private String logManagementStrategy;
    private Boolean logpush;
    private String logpushPublicKey;
    private boolean noLogpushPublicKey;
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

    /** Takes the log cap away ({@code "log_management": null}): the gateway keeps every entry again. */
    public GatewaySettingsChange noLogCap() {
        this.noLogCap = true;
        return this;
    }

    public GatewaySettingsChange logpush(Boolean enabled, String publicKey) {
        this.logpush = enabled;
        this.logpushPublicKey = publicKey;
        return this;
    }

    /** Takes the Logpush public key away ({@code "logpush_public_key": null}), as a new gateway has none. */
    public GatewaySettingsChange noLogpushPublicKey() {
        this.noLogpushPublicKey = true;
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

    /**
     * The settings with the change applied. A rate limit given without a window (a {@code rate_limiting_limit}
     * above 0 with a {@code rate_limiting_interval} of 0) is refused when either is part of the change: it
     * would be kept and never limit anything. Settings stored before this check still load.
     */
    public GatewaySettings apply() {
        GatewaySettings settings = applied();
        if ((rateLimitingInterval != null || rateLimitingLimit != null) && settings.rateLimitingLimit() > 0
                && settings.rateLimitingIntervalSeconds() == 0) {
            throw new GatewayException(ErrorCode.INVALID_BODY,
                    "rate_limiting_interval must be at least 1 (seconds) when rate_limiting_limit is set");
        }
        return settings;
    }

    private GatewaySettings applied() {
        return new GatewaySettings(
                or(cacheTtl, base.cacheTtlSeconds()),
                or(cacheInvalidateOnUpdate, base.cacheInvalidateOnUpdate()),
                or(collectLogs, base.collectLogs()),
                or(rateLimitingInterval, base.rateLimitingIntervalSeconds()),
                or(rateLimitingLimit, base.rateLimitingLimit()),
                rateLimitingTechnique == null ? base.rateLimitingTechnique()
                        : RateLimitTechnique.fromWire(rateLimitingTechnique),
                or(authentication, base.authentication()),
                noLogCap ? OptionalLong.empty()
                        : logManagement == null ? base.logManagement() : OptionalLong.of(logManagement),
                logManagementStrategy == null ? base.logManagementStrategy()
                        : LogManagementStrategy.fromWire(logManagementStrategy),
                or(logpush, base.logpush()),
                noLogpushPublicKey ? Optional.empty()
                        : logpushPublicKey == null ? base.logpushPublicKey() : Optional.of(logpushPublicKey),
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
                : LimitRulesReader.spendLimits(spendLimits, rules, current);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
