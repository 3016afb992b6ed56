package dev.sluice.application.limits;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.gateway.LimitRule;
import dev.sluice.domain.limits.LimitCounter;


/**
 * One counter a request is checked against: the rule, its counter, the amount counted up front (1 request,
 * 1 in flight, 0 tokens until the answer ends, a spend estimate) and what the refusal would be about (the
 * partition, or for spend the provider and model). The refusal's words are put together only if it
 * refuses.
 */
record LimitCheck(LimitRule rule, LimitCounter counter, long amount, String subject) {

    ErrorCode code() {
        return rule.spend() ? ErrorCode.SPEND_LIMITED : ErrorCode.RATE_LIMITED;
    }

    String refusal() {
        if (rule.spend()) {
            return "Spend limit exceeded: " + rule.describe() + " for " + subject + (amount > 0
                    ? " (this request is estimated at $" + LimitRule.dollars(amount) + ")" : "");
        }
        return "Rate limited: " + rule.describe() + (subject.isEmpty() ? "" : " for " + subject);
    }

    /** Why waiting cannot help, said after the refusal of a request that is more than the rule's whole limit. */
    String never() {
        return rule.spend() ? "; the estimate is more than the whole budget, so the request cannot pass this rule at any"
                + " time: set a lower max_tokens (or one at all), or raise the limit"
                : "; its limit is 0, so it admits nothing";
    }
}
