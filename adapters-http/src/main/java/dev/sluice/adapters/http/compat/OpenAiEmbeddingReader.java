package dev.sluice.adapters.http.compat;

import dev.sluice.domain.chat.EmbeddingRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sluice.adapters.http.compat.Fields.invalid;

/** Reads an OpenAI embeddings request for a provider with a format of its own. */
final class OpenAiEmbeddingReader {

    private static final Set<String> MODELLED = Set.of("model", "input", "dimensions", "encoding_format");

    EmbeddingRequest read(Map<String, Object> body) {
        Fields root = new Fields(body, "");
        String model = root.requiredString("model");
        String encoding = root.string("encoding_format").orElse("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            throw invalid("encoding_format", "must be float or base64, not '" + encoding + "'");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        body.forEach((field, value) -> {
            if (!MODELLED.contains(field)) {
                extra.put(field, value);
            }
        });
        return new EmbeddingRequest(model, input(root), root.count("dimensions", 1), extra, encoding.equals("base64"));
    }

    private static List<String> input(Fields root) {
        Object value = root.raw("input");
        if (value instanceof String one) {
            return List.of(one);
        }
        List<Object> items = root.list("input").orElseThrow(() -> invalid("input", "is required"));
        if (items.isEmpty()) {
            throw invalid("input", "at least one text is required");
        }
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String text)) {
                throw invalid("input[" + i + "]", "must be a string (token arrays are only passed to "
                        + "OpenAI-compatible providers)");
            }
            texts.add(text);
        }
        return texts;
    }
}
