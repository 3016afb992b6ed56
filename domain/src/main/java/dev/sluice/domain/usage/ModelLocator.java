package dev.sluice.domain.usage;

import dev.sluice.domain.json.JsonObjectReader;

import java.util.List;
import java.util.Optional;

/**
 * Which model an exchange used: the request body's {@code model} (OpenAI, Anthropic and most others),
 * else the path where a provider puts it there (each provider's {@link ModelLocation}, from its adapter
 * package), else the response's {@code model}. Empty when none says.
 */
public final class ModelLocator {

    private static final int MAX_MODEL_LENGTH = 256;

    private final JsonObjectReader json;
    private final List<ModelLocation> locations;

    /** @param locations tried in order; the first that finds a model in the path wins */
    public ModelLocator(JsonObjectReader json, List<ModelLocation> locations) {
        this.json = json;
        this.locations = List.copyOf(locations);
    }

    public String locate(String path, byte[] request, byte[] response) {
        return fromBody(request)
                .or(() -> fromPath(path))
                .or(() -> fromBody(response))
                .map(model -> model.length() > MAX_MODEL_LENGTH ? model.substring(0, MAX_MODEL_LENGTH) : model)
                .orElse("");
    }

    private Optional<String> fromPath(String path) {
        for (ModelLocation location : locations) {
            Optional<String> model = location.fromPath(path);
            if (model.isPresent()) {
                return model;
            }
        }
        return Optional.empty();
    }

    private Optional<String> fromBody(byte[] body) {
        int start = firstNonBlank(body);
        if (start < 0 || body[start] != '{') {
            return Optional.empty();
        }
        return json.readTopLevelString(body, "model").filter(model -> !model.isBlank());
    }

    private static int firstNonBlank(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return i;
            }
        }
        return -1;
    }
}
