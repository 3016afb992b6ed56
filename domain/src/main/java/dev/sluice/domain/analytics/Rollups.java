package dev.sluice.domain.analytics;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-minute sums kept beside the logs, so analytics read a few thousand rows instead of every entry, and
 * still count requests whose logs were not kept ({@code collect_logs} off, a full log store) or were
 * deleted later, as Cloudflare's analytics do. Each entry adds to one row for its provider and model and
 * to one row per metadata entry (key and value).
 */
public final class Rollups {

    public enum Kind {
        MODEL("m"), METADATA("k");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind byCode(String code) {
            return "k".equals(code) ? METADATA : MODEL;
        }
    }

    /**
     * @param first  the provider, or the metadata key
     * @param second the model, or the metadata value as text
     */
    public record Key(GatewayRef gateway, long minute, Kind kind, String first, String second) {

        public Key {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
        }
    }

    private Rollups() {
    }

    public static Map<Key, Tally> of(Collection<LogEntry> entries) {
        Map<Key, Tally> rollups = new HashMap<>();
        for (LogEntry entry : entries) {
            long minute = Math.floorDiv(entry.createdAt().getEpochSecond(), 60);
            TokenUsage usage = entry.usage().orElse(TokenUsage.NONE);
            BigDecimal cost = entry.cost().usd();
            rollups.computeIfAbsent(new Key(entry.gateway(), minute, Kind.MODEL, entry.provider(), entry.model()),
                            k -> new Tally())
                    .count(entry.failed(), entry.cached(), usage.input(), usage.output(), cost, entry.durationMillis());
            entry.metadata().entries().forEach((key, value) -> rollups.computeIfAbsent(
                            new Key(entry.gateway(), minute, Kind.METADATA, key, text(value)), k -> new Tally())
                    .count(entry.failed(), entry.cached(), usage.input(), usage.output(), cost,
                            entry.durationMillis()));
        }
        return rollups;
    }

    public static String text(Object metadataValue) {
        return metadataValue instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(metadataValue);
    }
}
