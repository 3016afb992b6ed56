package dev.sluice.domain.limits;

import java.util.Objects;

/**
 * One counter of a limit: its key ({@code account/gateway/rule|partition}), its limit in its units
 * (requests, tokens, nanodollars, requests in flight) and how it forgets.
 */
public record LimitCounter(String key, long limit, CounterWindow window) {

    public LimitCounter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
    }
}
