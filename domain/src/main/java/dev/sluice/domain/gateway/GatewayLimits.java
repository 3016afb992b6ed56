package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A gateway's limits beyond Cloudflare's own rate limit: its {@code limits} (requests, tokens,
 * concurrency) and its {@code spend_limits} (Cloudflare's shape: on or off, up to twenty dollar budgets).
 * Rule ids are unique across both.
 */
public record GatewayLimits(List<LimitRule> rules, boolean spendEnabled, List<LimitRule> spendRules) {

    public static final int MAX_RULES = 20;
    public static final GatewayLimits NONE = new GatewayLimits(List.of(), false, List.of());

    public GatewayLimits {
        rules = List.copyOf(rules);
        spendRules = List.copyOf(spendRules);
        if (rules.size() > MAX_RULES) {
            throw invalid("limits has " + rules.size() + " rules; at most " + MAX_RULES + " are allowed");
        }
        if (spendRules.size() > MAX_RULES) {
            throw invalid("spend_limits.rules has " + spendRules.size() + " rules; at most " + MAX_RULES
                    + " are allowed");
        }
        Set<String> ids = new HashSet<>();
        for (LimitRule rule : rules) {
            if (rule.spend() || !ids.add(rule.id())) {
                throw invalid(rule.spend() ? "limits cannot count cost: spend rules go in spend_limits"
                        : "limits: the id '" + rule.id() + "' is used twice");
            }
        }
        for (LimitRule rule : spendRules) {
            if (!rule.spend() || !ids.add(rule.id())) {
                throw invalid(!rule.spend() ? "spend_limits rules count cost"
                        : "spend_limits: the id '" + rule.id() + "' is used twice");
            }
        }
    }

    /** The rules that are on: every enabled limit, and the enabled spend rules when spend limits are on. */
    public List<LimitRule> active() {
        List<LimitRule> active = new ArrayList<>(rules.size() + spendRules.size());
        addActive(rules, active);
        addActive(spendRules, active);
        return active;
    }

    private void addActive(List<LimitRule> from, List<LimitRule> to) {
        for (LimitRule rule : from) {
            if (isActive(rule)) {
                to.add(rule);
            }
        }
    }

    /** Whether one of this gateway's rules is on (a spend rule only while spend limits are). */
    public boolean isActive(LimitRule rule) {
        return rule.enabled() && (!rule.spend() || spendEnabled);
    }

    /**
     * Whether the gateway has spend limits at all, on or paused: without, its answer shows {@code "spend_limits": null}
     * as Cloudflare's does, and spend rules given to it later start on.
     */
    public boolean hasSpendLimits() {
        return spendEnabled || !spendRules.isEmpty();
    }

    public boolean isEmpty() {
        return rules.isEmpty() && spendRules.isEmpty();
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_BODY, message);
    }
}
