package dev.sluice.adapters.store.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.domain.gateway.GatewayLimits;
import dev.sluice.domain.gateway.LimitRulesReader;
import dev.sluice.domain.gateway.LimitRulesWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway's limits as the {@code limit_rules} column keeps them: {@code {"limits": [...],
 * "spend_limits": {...}}} in the management API's shape, {@code null} for none. Read back through the
 * domain's reader, so a row holds nothing a request could not have set.
 */
final class LimitRulesColumn {

    private static final JsonFactory JSON = new JsonFactory();

    private LimitRulesColumn() {
    }

    static String write(GatewayLimits limits) {
        if (limits.isEmpty() && !limits.spendEnabled()) {
            return null;
        }
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("limits", LimitRulesWriter.limits(limits));
        column.put("spend_limits", LimitRulesWriter.spendLimits(limits));
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            value(out, column);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static GatewayLimits read(String column) {
        if (column == null || column.isEmpty()) {
            return GatewayLimits.NONE;
        }
        Map<?, ?> parsed;
        try (JsonParser in = JSON.createParser(column)) {
            in.nextToken();
            parsed = (Map<?, ?>) value(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var rules = LimitRulesReader.limits(parsed.get("limits") == null ? List.of() : parsed.get("limits"));
        return parsed.get("spend_limits") == null ? new GatewayLimits(rules, false, List.of())
                : LimitRulesReader.spendLimits(parsed.get("spend_limits"), rules);
    }

    private static void value(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(entry.getKey().toString());
                value(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                value(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof BigDecimal decimal) {
            out.writeNumber(decimal);
        } else if (value instanceof Number number) {
            out.writeNumber(number.longValue());
        } else {
            out.writeString(value.toString());
        }
    }

    private static Object value(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    in.nextToken();
                    map.put(name, value(in));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(in));
                }
                return list;
            }
            case VALUE_STRING -> {
                return in.getText();
            }
            case VALUE_NUMBER_INT -> {
                return in.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return in.getDecimalValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return in.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }
}
