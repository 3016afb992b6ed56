package dev.sluice.domain.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * How a limit counter forgets: fixed windows aligned to the epoch, a sliding window over the last
 * {@code length}, or none (a concurrency counter, whose {@code length} is the lease after which a slot
 * held by a process that died is freed).
 */
public record CounterWindow(Kind kind, Duration length) {

    public enum Kind { FIXED, SLIDING, CONCURRENT }

    public CounterWindow {
        Objects.requireNonNull(kind, "kind");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a counter window must be positive");
        }
    }

    public long millis() {
        return length.toMillis();
    }

    /** Part of a counter's store key, so a rule whose window changes starts a fresh count. */
    public String tag() {
        return kind.name().charAt(0) + Long.toString(millis());
    }
}
