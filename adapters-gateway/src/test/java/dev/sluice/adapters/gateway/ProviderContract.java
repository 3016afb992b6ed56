package dev.sluice.adapters.gateway;

import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.usage.ModelLocator;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageReader;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's knowledge put to work as the gateway uses it: its URLs through the catalog, its usage
 * format through the usage reader, its model location through the model locator, each with only this
 * provider's parts (and the common usage object every provider shares).
 */
public final class ProviderContract {

    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    /** The production reader's behaviour: a JSON object with nothing after it, or an IllegalArgumentException. */
    public static final JsonObjectReader JSON = text -> {
        if (!text.trim().startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            Map<String, Object> value = ObjectMapper.getDefault().readValue(text, OBJECT);
            if (value == null || !alone(text)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return value;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    };

    private final ProviderProfile profile;
    private final ProviderCatalog catalog;

    public ProviderContract(ProviderProfile profile) {
        this(profile, Map.of());
    }

    public ProviderContract(ProviderProfile profile, Map<String, String> baseUrlOverrides) {
        this.profile = profile;
        this.catalog = ProviderCatalog.of(java.util.List.of(profile), baseUrlOverrides);
    }

    public String url(String path, String query) {
        return catalog.find(profile.slug().value()).orElseThrow().resolve(path, query).toString();
    }

    public Optional<TokenUsage> usage(String body) {
        return usage(body.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<TokenUsage> usage(byte[] body) {
        return reader().read(body);
    }

    /**
     * The usage an answer's headers report, read as the log reads them: from the headers the reader says report tokens,
     * all a log entry keeps of an answer's headers while it waits for the writer.
     */
    public Optional<TokenUsage> usage(dev.sluice.domain.header.Headers headers) {
        UsageReader reader = reader();
        return reader.read(reader.reporting(headers));
    }

    /** Of an answer's headers, those a log entry keeps for its usage. */
    public dev.sluice.domain.header.Headers reporting(dev.sluice.domain.header.Headers headers) {
        return reader().reporting(headers);
    }

    private UsageReader reader() {
        return new UsageReader(JSON, profile.usageFormats(), profile.usageFramings(), profile.usageHeaders());
    }

    /** The model of a request to another provider (a custom one) whose body names none: this one's shared locations. */
    public String modelInAnotherProvidersPath(String path) {
        return new ModelLocator(JSON, profile.modelLocations()).locate("custom-other", path,
                "{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** The model of a request whose body names none. */
    public String modelInPath(String path) {
        return new ModelLocator(JSON, profile.modelLocations(), Map.of(profile.slug().value(),
                profile.ownModelLocations())).locate(profile.slug().value(), path, "{}".getBytes(StandardCharsets.UTF_8),
                new byte[0]);
    }

    /** Whether the text holds one JSON value and nothing after it, as the production reader requires. */
    private static boolean alone(String text) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            parser.nextToken();
            parser.skipChildren();
            return parser.nextToken() == null;
        }
    }
}
