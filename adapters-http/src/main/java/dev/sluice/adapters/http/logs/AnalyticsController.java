package dev.sluice.adapters.http.logs;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.adapters.http.management.GatewayRefs;
import dev.sluice.application.analytics.ReportAnalyticsUseCase;
import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.GroupBy;
import dev.sluice.domain.analytics.Interval;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.name.Names;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.adapters.http.logquery.QueryValues;
import dev.sluice.adapters.http.logquery.QueryParameter;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Analytics (Sluice's own REST shape; Cloudflare offers its analytics through GraphQL):
 * {@code GET /client/v4/accounts/{account}/ai-gateway/analytics} for the account, optionally
 * {@code ?gateway=}, and {@code GET …/gateways/{id}/analytics}. Parameters: {@code start}, {@code end}
 * (ISO times, dates or epoch milliseconds; the last 24 hours by default), {@code interval}
 * ({@code minute}, {@code hour}, {@code day}; by default the finest that keeps the series under 200
 * buckets) and {@code group_by} ({@code provider}, {@code model} or {@code metadata.<key>}).
 */
@Controller("/client/v4/accounts/{account}/ai-gateway")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AnalyticsController {

    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final ReportAnalyticsUseCase analytics;
    private final Clock clock;

    AnalyticsController(ReportAnalyticsUseCase analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @Get("/analytics")
    V4Envelope<AnalyticsView> account(@PathVariable String account, HttpRequest<?> request) {
        return V4Envelope.ok(AnalyticsView.of(analytics.report(query(account, Optional.empty(), request))));
    }

    @Get("/gateways/{id}/analytics")
    V4Envelope<AnalyticsView> gateway(@PathVariable String account, @PathVariable String id, HttpRequest<?> request) {
        GatewayId gateway = GatewayId.parse(id)
                .orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, "Gateway not found"));
        return V4Envelope.ok(AnalyticsView.of(analytics.report(query(account, Optional.of(gateway), request))));
    }

    private AnalyticsQuery query(String account, Optional<GatewayId> gateway, HttpRequest<?> request) {
        AccountId accountId = GatewayRefs.account(account);
        Instant end = null;
        Instant start = null;
        Interval interval = null;
        GroupBy groupBy = GroupBy.NONE;
        for (QueryParameter parameter : QueryStrings.parse(request.getUri().getRawQuery())) {
            String value = parameter.value().trim();
            switch (parameter.name()) {
                case "start" -> start = QueryValues.instant(parameter.name(), value);
                case "end" -> end = QueryValues.instant(parameter.name(), value);
                case "interval" -> interval = Interval.byWireName(value).orElseThrow(() ->
                        invalid("interval", value, "minute, hour or day"));
                case "group_by" -> groupBy = groupBy(value);
                case "gateway" -> {
                    if (gateway.isEmpty() && !value.isEmpty()) {
                        gateway = Optional.of(GatewayId.parse(value).orElseThrow(() ->
                                new GatewayException(ErrorCode.NOT_FOUND, "Gateway not found")));
                    }
                }
                default -> {
                }
            }
        }
        Instant to = end != null ? end : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant from = start != null ? start : to.minus(DEFAULT_RANGE);
        if (!to.isAfter(from)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "end: must be after start");
        }
        return new AnalyticsQuery(accountId, gateway, from, to, interval != null ? interval : defaultInterval(from, to),
                groupBy);
    }

    private static Interval defaultInterval(Instant from, Instant to) {
        long minutes = Duration.between(from, to).toMinutes();
        return minutes <= 200 ? Interval.MINUTE : minutes <= 200 * 60 ? Interval.HOUR : Interval.DAY;
    }

    private static GroupBy groupBy(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.isEmpty()) {
            return GroupBy.NONE;
        }
        if (lower.equals("provider")) {
            return GroupBy.PROVIDER;
        }
        if (lower.equals("model")) {
            return GroupBy.MODEL;
        }
        // A metadata key holds no NUL (one is refused when an entry is tagged; PostgreSQL cannot store it).
        if (lower.startsWith("metadata.") && value.length() > "metadata.".length()
                && !Names.longerThan(value, Metadata.MAX_KEY_LENGTH + "metadata.".length())
                && value.indexOf('\0') < 0) {
            return GroupBy.metadata(value.substring("metadata.".length()));
        }
        throw invalid("group_by", value, "provider, model or metadata.<key>");
    }

    private static GatewayException invalid(String name, String value, String expected) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return new GatewayException(ErrorCode.INVALID_PARAMETER,
                name + ": '" + shown + "' is not valid; expected " + expected);
    }
}
