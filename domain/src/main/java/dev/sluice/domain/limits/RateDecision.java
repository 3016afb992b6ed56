package dev.sluice.domain.limits;

import java.time.Instant;
import java.util.Objects;

/**
 * What a rate counter answered: whether the request may go, the limit, how many remain in the current
 * window after this one, and when the window frees a slot (fixed: its end; sliding: when its oldest
 * counted request leaves it).
 */
public record RateDecision(boolean allowed, long limit, long remaining, Instant reset) {

    public RateDecision {
        Objects.requireNonNull(reset, "reset");
    }
}
