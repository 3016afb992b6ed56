package dev.sluice.domain.log;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a log listing, the number of entries matching in all, and (on request) their extremes. */
public record LogPage(List<LogEntry> entries, long totalCount, Optional<Extremes> extremes) {

    public LogPage {
        entries = List.copyOf(entries);
        Objects.requireNonNull(extremes, "extremes");
    }

    /** The {@code meta_info} aggregates of Cloudflare's {@code result_info}, over all matching entries. */
    public record Extremes(BigDecimal minCost, BigDecimal maxCost, long minDuration, long maxDuration,
                           long minTokensIn, long maxTokensIn, long minTokensOut, long maxTokensOut,
                           long minTotalTokens, long maxTotalTokens) {
    }
}
