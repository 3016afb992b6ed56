package dev.sluice.adapters.http.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogQuery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/** {@code result_info} of a logs listing; the minimums and maximums only with {@code meta_info=true}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record LogsInfo(int page, int per_page, int count, long total_count, long total_pages,
                @Nullable BigDecimal min_cost, @Nullable BigDecimal max_cost, @Nullable Long min_duration,
                @Nullable Long max_duration, @Nullable Long min_tokens_in, @Nullable Long max_tokens_in,
                @Nullable Long min_tokens_out, @Nullable Long max_tokens_out, @Nullable Long min_total_tokens,
                @Nullable Long max_total_tokens) {

    static LogsInfo of(LogQuery query, LogPage page) {
        long pages = (page.totalCount() + query.perPage() - 1) / query.perPage();
        LogPage.Extremes e = page.extremes().orElse(null);
        if (e == null) {
            return new LogsInfo(query.page(), query.perPage(), page.entries().size(), page.totalCount(), pages,
                    null, null, null, null, null, null, null, null, null, null);
        }
        return new LogsInfo(query.page(), query.perPage(), page.entries().size(), page.totalCount(), pages,
                e.minCost(), e.maxCost(), e.minDuration(), e.maxDuration(), e.minTokensIn(), e.maxTokensIn(),
                e.minTokensOut(), e.maxTokensOut(), e.minTotalTokens(), e.maxTotalTokens());
    }
}
