package dev.sluice.domain.usage;

import dev.sluice.domain.json.JsonObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which model an exchange used: the request body's {@code model} (OpenAI, Anthropic and most others),
 * else the path where the provider puts it there (Workers AI's {@code run/@cf/…}, Google's
 * {@code models/gemini…:generateContent}, Azure's {@code deployments/…}, Replicate's
 * {@code models/owner/name}), else the response's {@code model}. Empty when none says.
 */
public final class ModelLocator {

    private static final int MAX_MODEL_LENGTH = 256;
    private static final Pattern WORKERS_AI = Pattern.compile("(?:^|/)run/(@?[^?]+)");
    private static final Pattern GOOGLE = Pattern.compile("(?:^|/)models/([^/:?]+)(?::|$)");
    private static final Pattern AZURE = Pattern.compile("(?:^|/)deployments/([^/?]+)");
    private static final Pattern REPLICATE = Pattern.compile("(?:^|/)models/([^/?]+/[^/?]+)/predictions");

    private final JsonObjectReader json;

    public ModelLocator(JsonObjectReader json) {
        this.json = json;
    }

    public String locate(String path, byte[] request, byte[] response) {
        return fromBody(request)
                .or(() -> fromPath(path))
                .or(() -> fromBody(response))
                .map(model -> model.length() > MAX_MODEL_LENGTH ? model.substring(0, MAX_MODEL_LENGTH) : model)
                .orElse("");
    }

    static Optional<String> fromPath(String path) {
        for (Pattern pattern : new Pattern[] {REPLICATE, WORKERS_AI, GOOGLE, AZURE}) {
            Matcher matcher = pattern.matcher(path);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    private Optional<String> fromBody(byte[] body) {
        int start = firstNonBlank(body);
        if (start < 0 || body[start] != '{') {
            return Optional.empty();
        }
        try {
            Map<String, Object> object = json.readObject(new String(body, StandardCharsets.UTF_8));
            return object.get("model") instanceof String model && !model.isBlank() ? Optional.of(model)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
