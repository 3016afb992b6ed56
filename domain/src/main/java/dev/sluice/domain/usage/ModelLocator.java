package dev.sluice.domain.usage;

import dev.sluice.domain.json.JsonObjectReader;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which model an exchange used: the request body's {@code model} (OpenAI, Anthropic and most others),
 * else the path where a provider puts it there (each provider's {@link ModelLocation}, from its adapter
 * package), else the response's {@code model}. Empty when none says. A provider may also have locations read on
 * its own paths only, before the others ({@link #locate(String, String, byte[], byte[])}): Azure's
 * {@code {resource}/{deployment}/…} has a shape every provider's paths have.
 */
public final class ModelLocator {

    private static final int MAX_MODEL_LENGTH = 256;

    private final JsonObjectReader json;
    private final List<ModelLocation> locations;
    private final Map<String, List<ModelLocation>> own;

    /** @param locations tried in order; the first that finds a model in the path wins */
    public ModelLocator(JsonObjectReader json, List<ModelLocation> locations) {
        this(json, locations, Map.of());
    }

    /**
     * @param locations tried in order on every provider's paths; the first that finds a model in the path wins
     * @param own       by provider slug, tried on that provider's paths only, before {@code locations}
     */
    public ModelLocator(JsonObjectReader json, List<ModelLocation> locations, Map<String, List<ModelLocation>> own) {
        this.json = json;
        this.locations = List.copyOf(locations);
        this.own = Map.copyOf(own);
    }

    public String locate(String path, byte[] request, byte[] response) {
        return locate("", path, request, response);
    }

    /** The model of an exchange with {@code provider}, whose path after the slug is {@code path}. */
    public String locate(String provider, String path, byte[] request, byte[] response) {
        return fromBody(request)
                .or(() -> fromPath(provider == null ? List.of() : own.getOrDefault(provider, List.of()), path))
                .or(() -> fromPath(locations, path))
                .or(() -> fromBody(response))
                .map(model -> model.length() > MAX_MODEL_LENGTH ? model.substring(0, MAX_MODEL_LENGTH) : model)
                .orElse("");
    }

    private static Optional<String> fromPath(List<ModelLocation> locations, String path) {
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
