package dev.sluice.domain.cost;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prices by provider and model. A dated or suffixed model name finds its family's price
 * ({@code gpt-4o-2024-08-06} → {@code gpt-4o}) by the longest listed name it starts with, followed by
 * {@code -}, {@code @} or {@code :}; so {@code gpt-4o-mini} never takes {@code gpt-4o}'s price when it
 * is listed itself.
 */
public final class PriceTable {

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
                    && "-@:".indexOf(model.charAt(listed.length())) >= 0
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
