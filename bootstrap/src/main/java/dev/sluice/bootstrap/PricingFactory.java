package dev.sluice.bootstrap;

import dev.sluice.domain.cost.ModelPrice;
import dev.sluice.domain.cost.PriceTable;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The price table: the built-in list ({@code pricing/models.json}) with configuration on top, model by
 * model: {@code sluice.pricing.<provider>.<model>.input}, {@code .output}, {@code .cache-read},
 * {@code .cache-write}, {@code .cache-write-1h} (Anthropic's one-hour cache), in dollars per million tokens. A model whose name has dots or slashes is written
 * with its name quoted in YAML, e.g. {@code "[gpt-4.1]"}.
 */
@Factory
final class PricingFactory {

    static final String RESOURCE = "pricing/models.json";
    private static final String PREFIX = "sluice.pricing";

    @Singleton
    PriceTable priceTable(JsonMapper json, Environment environment) {
        return builtIn(json).with(configured(environment));
    }

    static PriceTable builtIn(JsonMapper json) {
        try (InputStream in = PricingFactory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode providers = json.readValue(in.readAllBytes(), JsonNode.class).get("providers");
            Map<String, Map<String, ModelPrice>> table = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> provider : providers.entries()) {
                Map<String, ModelPrice> models = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> model : provider.getValue().entries()) {
                    JsonNode price = model.getValue();
                    models.put(model.getKey(), new ModelPrice(decimal(price, "input").orElseThrow(),
                            decimal(price, "output").orElseThrow(), decimal(price, "cache_read"),
                            decimal(price, "cache_write"), decimal(price, "cache_write_1h")));
                }
                table.put(provider.getKey(), models);
            }
            return new PriceTable(table);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static Optional<BigDecimal> decimal(JsonNode price, String field) {
        return Optional.ofNullable(price.get(field)).map(value -> new BigDecimal(value.coerceStringValue()));
    }

    static Map<String, Map<String, ModelPrice>> configured(Environment environment) {
        Map<String, Map<String, ModelPrice>> overrides = new LinkedHashMap<>();
        for (String provider : environment.getPropertyEntries(PREFIX)) {
            for (String model : environment.getPropertyEntries(PREFIX + "." + provider)) {
                String key = PREFIX + "." + provider + "." + model;
                BigDecimal input = environment.getProperty(key + ".input", BigDecimal.class).orElseThrow(
                        () -> new IllegalStateException(key + ".input is required (dollars per million tokens)"));
                BigDecimal output = environment.getProperty(key + ".output", BigDecimal.class).orElseThrow(
                        () -> new IllegalStateException(key + ".output is required (dollars per million tokens)"));
                overrides.computeIfAbsent(provider, p -> new LinkedHashMap<>()).put(model, new ModelPrice(input, output,
                        environment.getProperty(key + ".cache-read", BigDecimal.class),
                        environment.getProperty(key + ".cache-write", BigDecimal.class),
                        environment.getProperty(key + ".cache-write-1h", BigDecimal.class)));
            }
        }
        return overrides;
    }
}
