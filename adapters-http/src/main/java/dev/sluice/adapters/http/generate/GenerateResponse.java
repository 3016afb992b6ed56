package dev.sluice.adapters.http.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.application.generate.GenerationReport;
import dev.sluice.domain.generate.CacheComparison;
import dev.sluice.domain.generate.Generation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/**
 * {@code POST /generate}'s answer, with the original dashboard's field names so its clients keep working.
 * {@code cacheComparison} is present only when asked for, {@code notice} only when the mock answered.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record GenerateResponse(String response, GatewayInfo gateway, @Nullable Comparison cacheComparison,
                        @Nullable String notice) {

    static final String MOCK_NOTICE = "No Workers AI API token is configured (CLOUDFLARE_API_TOKEN), so Sluice's "
            + "offline mock provider answered instead of a model.";

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record GatewayInfo(String id, String model, String provider, BigDecimal latencyMs, String cacheStatus,
                       boolean skipCache, @Nullable String logId, int fallbackStep) {
    }

    @Serdeable
    record Measurement(BigDecimal latencyMs, String cacheStatus, boolean skipCache) {

        static Measurement of(Generation generation) {
            return new Measurement(generation.latencyMillis(), generation.answer().cacheStatus().name(),
                    generation.skipCache());
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Comparison(Measurement cached, Measurement skipCache, BigDecimal latencyDeltaMs,
                      @Nullable BigDecimal speedup) {

        static Comparison of(CacheComparison comparison) {
            return new Comparison(Measurement.of(comparison.cached()), Measurement.of(comparison.fresh()),
                    comparison.latencyDeltaMillis(), comparison.speedup().orElse(null));
        }
    }

    static GenerateResponse of(GenerationReport report) {
        Generation generation = report.generation();
        var answer = generation.answer();
        GatewayInfo gateway = new GatewayInfo(answer.gatewayId(), answer.model().value(), answer.provider(),
                generation.latencyMillis(), answer.cacheStatus().name(), generation.skipCache(),
                answer.logId().orElse(null), report.step());
        return new GenerateResponse(answer.text(), gateway, report.comparison().map(Comparison::of).orElse(null),
                "mock".equals(answer.provider()) ? MOCK_NOTICE : null);
    }
}
