package dev.sluice.adapters.store.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.domain.gateway.GatewayLimits;
import dev.sluice.domain.gateway.LimitRulesReader;
import dev.sluice.domain.gateway.LimitRulesWriter;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway's limits as the {@code limit_rules} column keeps them: {@code {"limits": [...],
 * "spend_limits": {...}}} in the management API's shape, {@code null} for none. Read back through the
 * domain's reader, so a row holds nothing a request could not have set. Dollar amounts stay exact
 * (decimals are read as {@code BigDecimal}, written plain).
 */
final class LimitRulesColumn {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private LimitRulesColumn() {
    }

    static String write(GatewayLimits limits) {
        if (limits.isEmpty() && !limits.spendEnabled()) {
            return null;
        }
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("limits", LimitRulesWriter.limits(limits));
        column.put("spend_limits", LimitRulesWriter.spendLimits(limits));
        try {
            return JSON.writeValueAsString(column);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GatewayLimits read(String column) {
        if (column == null || column.isEmpty()) {
            return GatewayLimits.NONE;
        }
        Map<?, ?> parsed;
        try {
            parsed = JSON.readValue(column, Map.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        var rules = LimitRulesReader.limits(parsed.get("limits") == null ? List.of() : parsed.get("limits"));
        return parsed.get("spend_limits") == null ? new GatewayLimits(rules, false, List.of())
                : LimitRulesReader.spendLimits(parsed.get("spend_limits"), rules);
    }
}
