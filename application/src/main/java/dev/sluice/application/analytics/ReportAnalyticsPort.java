package dev.sluice.application.analytics;

import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.AnalyticsReport;

/** Sums the stored analytics for a query; may block. */
public interface ReportAnalyticsPort {

    AnalyticsReport report(AnalyticsQuery query);
}
