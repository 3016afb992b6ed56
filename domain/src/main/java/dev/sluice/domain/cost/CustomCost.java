package dev.sluice.domain.cost;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cf-aig-custom-cost}: the caller's own prices, which win over the price table. Either per token
 * ({@code per_token_in}, {@code per_token_out}, optionally {@code per_cache_read_token} and
 * {@code per_cache_write_token}, which default to {@code per_token_in}) or a {@code total_cost}.
 */
public record CustomCost(Optional<BigDecimal> total, BigDecimal perTokenIn, BigDecimal perTokenOut,
                         BigDecimal perCacheRead, BigDecimal perCacheWrite) {

    public static final String HEADER = "cf-aig-custom-cost";
    private static final Set<String> FIELDS = Set.of("per_token_in", "per_token_out", "per_cache_read_token",
            "per_cache_write_token", "total_cost");
    private static final int MAX_LENGTH = 1024;

    public static CustomCost parse(String value, JsonObjectReader json) {
        if (value.length() > MAX_LENGTH) {
            throw invalid("is longer than " + MAX_LENGTH + " characters");
        }
        Map<String, Object> fields;
        try {
            fields = json.readObject(value);
        } catch (IllegalArgumentException e) {
            throw invalid("must be a JSON object such as {\"per_token_in\":0.000001,\"per_token_out\":0.000002}"
                    + " or {\"total_cost\":0.05}");
        }
        for (String field : fields.keySet()) {
            if (!FIELDS.contains(field)) {
                throw invalid("has an unknown field '" + (field.length() > 32 ? field.substring(0, 32) : field) + "'");
            }
        }
        Optional<BigDecimal> total = amount(fields, "total_cost");
        Optional<BigDecimal> in = amount(fields, "per_token_in");
        Optional<BigDecimal> out = amount(fields, "per_token_out");
        if (total.isPresent() == (in.isPresent() || out.isPresent())) {
            throw invalid("needs either total_cost or per_token_in/per_token_out, not both or neither");
        }
        BigDecimal perIn = in.orElse(BigDecimal.ZERO);
        return new CustomCost(total, perIn, out.orElse(BigDecimal.ZERO),
                amount(fields, "per_cache_read_token").orElse(perIn),
                amount(fields, "per_cache_write_token").orElse(perIn));
    }

    public Cost cost(TokenUsage usage) {
        return new Cost(total.orElseGet(() -> Cost.perTokenCost(usage, perTokenIn, perTokenOut, perCacheRead,
                perCacheWrite, perCacheWrite)), true);
    }

    private static Optional<BigDecimal> amount(Map<String, Object> fields, String field) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number)) {
            throw invalid(field + " must be a number");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            throw invalid(field + " must be a finite number");
        }
        if (amount.signum() < 0) {
            throw invalid(field + " must not be negative");
        }
        if (amount.compareTo(Cost.MAX_USD) > 0) {
            throw invalid(field + " must be at most " + Cost.MAX_USD.toPlainString() + " (dollars)");
        }
        return Optional.of(amount);
    }

    private static GatewayException invalid(String problem) {
        return new GatewayException(ErrorCode.INVALID_HEADER, HEADER + " " + problem);
    }
}
