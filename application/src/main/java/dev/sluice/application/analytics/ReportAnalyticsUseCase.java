package dev.sluice.application.analytics;

import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.AnalyticsReport;

/** Requests, tokens, cost, errors, cache hits and latency over time, for a gateway or the whole account. */
public interface ReportAnalyticsUseCase {

    AnalyticsReport report(AnalyticsQuery query);
}
