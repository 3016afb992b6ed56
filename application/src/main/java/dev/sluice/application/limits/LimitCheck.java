package dev.sluice.application.limits;

import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.limits.LimitCounter;

/**
 * One counter a request is checked against: the rule's name and what it counts, the counter, the amount
 * counted up front (1 request, 1 in flight, 0 tokens until the answer ends, a spend estimate), what to do
 * when the counter cannot be reached, and the words of a refusal.
 */
record LimitCheck(String rule, LimitMeasure measure, LimitCounter counter, long amount, boolean allowOnStoreFailure,
                  String refusal) {
}
