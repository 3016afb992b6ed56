package dev.sluice.adapters.store;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A warning logged at most once per interval, saying how many were held back: an outage is not a log flood. */
public final class RateLimitedWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    public void warn(String message, Object... arguments) {
        long now = System.nanoTime();
        long due = nextAt.get();
        if ((due == Long.MIN_VALUE || now - due >= 0) && nextAt.compareAndSet(due, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            log.warn(message + (held > 0 ? " (" + held + " similar warnings held back)" : ""), arguments);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
