package dev.sluice.domain.cost;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Prices by provider and model. A dated or versioned model name finds its family's price
 * ({@code gpt-4o-2024-08-06} → {@code gpt-4o}) by the longest listed name it starts with, followed by a snapshot:
 * {@code @} or {@code :} and anything ({@code claude-sonnet-4@20250514}), or {@code -} and a date or a number of
 * three digits or more, {@code latest}, or a {@code v} and a version ({@code -0613}, {@code -20250929},
 * {@code -latest}, {@code -v1:0}). Another word or a short number names another model, which is not priced as this
 * one: {@code claude-opus-4-5} (at a third of its price) is not {@code claude-opus-4}, nor {@code gemini-2.5-flash-lite}
 * {@code gemini-2.5-flash}, nor a quantised {@code -awq} its full model; such a model unlisted costs 0 (found by a
 * probe, which saw them priced as the other).
 */
public final class PriceTable {

    private static final Pattern SNAPSHOT = Pattern.compile("[@:].*|-(\\d{3,}|latest|v\\d)([-.:@].*)?");

    private final Map<String, Map<String, ModelPrice>> prices;

    public PriceTable(Map<String, Map<String, ModelPrice>> prices) {
        Map<String, Map<String, ModelPrice>> copy = new TreeMap<>();
        prices.forEach((provider, models) -> copy.put(provider, Map.copyOf(models)));
        this.prices = Map.copyOf(copy);
    }

    public Optional<ModelPrice> find(String provider, String model) {
        Map<String, ModelPrice> models = prices.get(provider);
        if (models == null || model.isEmpty()) {
            return Optional.empty();
        }
        ModelPrice exact = models.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String listed : models.keySet()) {
            if (model.length() > listed.length() && model.startsWith(listed)
                    && SNAPSHOT.matcher(model).region(listed.length(), model.length()).matches()
                    && (best == null || listed.length() > best.length())) {
                best = listed;
            }
        }
        return Optional.ofNullable(best).map(models::get);
    }

    /** The priced model names by provider, sorted. */
    public Map<String, java.util.Set<String>> models() {
        Map<String, java.util.Set<String>> models = new TreeMap<>();
        prices.forEach((provider, byModel) -> models.put(provider, new java.util.TreeSet<>(byModel.keySet())));
        return models;
    }

    /** This table with {@code overrides} taking precedence, model by model. */
    public PriceTable with(Map<String, Map<String, ModelPrice>> overrides) {
        Map<String, Map<String, ModelPrice>> merged = new TreeMap<>();
        prices.forEach((provider, models) -> merged.put(provider, new TreeMap<>(models)));
        overrides.forEach((provider, models) -> merged.computeIfAbsent(provider, p -> new TreeMap<>()).putAll(models));
        return new PriceTable(merged);
    }
}
