package dev.sluice.adapters.store.analytics;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Analytics writers on a clock a test moves, for tests outside this package. */
public final class AnalyticsWriters {

    private AnalyticsWriters() {
    }

    public static JdbcAnalyticsWriter onClock(Duration window, LongSupplier nanos) {
        return new JdbcAnalyticsWriter(window, nanos);
    }
}
