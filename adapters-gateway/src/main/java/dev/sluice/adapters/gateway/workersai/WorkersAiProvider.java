package dev.sluice.adapters.gateway.workersai;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;
import dev.sluice.domain.usage.UsageFormat;

import java.util.List;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.object;

/**
 * Cloudflare Workers AI: under the account's {@code ai/} path, model ids ({@code @cf/…}) run under
 * {@code run/} and OpenAI-compatible paths ({@code v1/…}) are appended. The model is in the path; usage is
 * the common object inside the v4 envelope's {@code result} (a stream's last event carries it bare).
 */
public final class WorkersAiProvider implements ProviderProfile {

    public static final String SLUG = "workers-ai";
    private static final ProviderSlug NAME = new ProviderSlug(SLUG);
    private static final ChatDialect DIALECT = ChatDialect.OpenAiCompatible.at("v1/chat/completions", "v1/embeddings");
    private static final String ACCOUNT_PLACEHOLDER = "{account_id}";

    private final Optional<String> accountId;

    /** @param accountId the Cloudflare account requests run under ({@code sluice.workers-ai.account-id}) */
    public WorkersAiProvider(Optional<String> accountId) {
        this.accountId = accountId.filter(id -> !id.isBlank());
    }

    @Override
    public ProviderSlug slug() {
        return NAME;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.cloudflare.com/client/v4/accounts/" + ACCOUNT_PLACEHOLDER + "/ai/";
    }

    @Override
    public PathMapping paths() {
        return (baseUrl, relative) -> {
            String path = relative.startsWith("v1/") || relative.startsWith("run/") ? relative : "run/" + relative;
            if (path.equals("run/")) {
                // Sent on, it reached Cloudflare's run/ with no model.
                throw new GatewayException(ErrorCode.INVALID_PATH, "workers-ai: name the model in the path, "
                        + "as …/workers-ai/@cf/meta/llama-3.1-8b-instruct");
            }
            return baseUrl + path;
        };
    }

    /** The account fills the base URL's placeholder, configured or not; without one it stays and is refused. */
    @Override
    public Provider provider(Optional<String> configuredBaseUrl) {
        String baseUrl = configuredBaseUrl.orElse(defaultBaseUrl());
        return new Provider(NAME, accountId.map(id -> baseUrl.replace(ACCOUNT_PLACEHOLDER, id)).orElse(baseUrl),
                paths(), "sluice.workers-ai.account-id (CLOUDFLARE_ACCOUNT_ID), or sluice.providers." + SLUG + ".base-url");
    }

    @Override
    public List<UsageFormat> usageFormats() {
        return List.of(document -> object(document, "result").flatMap(result -> object(result, "usage"))
                .flatMap(UsageFormat::common));
    }

    @Override
    public List<ModelLocation> modelLocations() {
        // run/@cf/… as Cloudflare's API spells it, or the bare model id a gateway path may start with.
        return List.of(ModelLocation.pattern("(?:^|/)run/(@?[^?]+)"), ModelLocation.pattern("^/*(@(?:cf|hf)/[^?]+)"));
    }

    /**
     * Workers AI's OpenAI-compatible endpoints ({@code v1/chat/completions}, {@code v1/embeddings}, with
     * {@code model: "@cf/…"} in the body): the unified API passes requests through to them.
     */
    @Override
    public Optional<ChatDialect> chatDialect() {
        return Optional.of(DIALECT);
    }
}
