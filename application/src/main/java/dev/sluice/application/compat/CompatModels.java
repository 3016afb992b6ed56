package dev.sluice.application.compat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The models {@code GET /compat/models} lists: every {@code provider/model} Sluice knows a price for,
 * on providers the unified API reaches, and the models the in-process {@code mock} provider serves, so
 * a new install lists something it can call without any key.
 */
public final class CompatModels {

    private final Map<String, ? extends Collection<String>> priced;
    private final List<String> mock;

    /** @param priced the price table's models by provider */
    public CompatModels(Map<String, ? extends Collection<String>> priced, List<String> mock) {
        this.priced = priced;
        this.mock = List.copyOf(mock);
    }

    List<String> ids(ChatDialects dialects) {
        List<String> ids = new ArrayList<>();
        mock.forEach(model -> ids.add("mock/" + model));
        priced.forEach((provider, models) -> {
            if (dialects.providers().contains(provider)) {
                models.stream().sorted().forEach(model -> ids.add(provider + "/" + model));
            }
        });
        return ids;
    }
}
