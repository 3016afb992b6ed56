package dev.sluice.domain.provider;

import java.util.List;

/**
 * The providers Sluice knows out of the box, with the upstream base URLs of Cloudflare's provider
 * registry. Every base URL can be overridden by configuration; custom providers are added beside them.
 */
public final class KnownProviders {

    public static final String MOCK = "mock";
    public static final String WORKERS_AI = "workers-ai";
    public static final String WORKERS_AI_ACCOUNT_PLACEHOLDER = "{account_id}";

    private static final List<Provider> DEFAULTS = List.of(
            provider("openai", "https://api.openai.com/v1/", PathStyle.OPTIONAL_V1),
            provider("anthropic", "https://api.anthropic.com/", PathStyle.APPEND),
            provider(WORKERS_AI, "https://api.cloudflare.com/client/v4/accounts/"
                    + WORKERS_AI_ACCOUNT_PLACEHOLDER + "/ai/", PathStyle.WORKERS_AI),
            provider("azure-openai", "https://{resource}.openai.azure.com/openai/deployments/{deployment}/",
                    PathStyle.AZURE_DEPLOYMENT),
            provider("google-ai-studio", "https://generativelanguage.googleapis.com/", PathStyle.APPEND),
            provider("groq", "https://api.groq.com/openai/v1/", PathStyle.OPTIONAL_V1),
            provider("mistral", "https://api.mistral.ai/v1/", PathStyle.OPTIONAL_V1),
            provider("cohere", "https://api.cohere.ai/", PathStyle.APPEND),
            provider("deepseek", "https://api.deepseek.com/", PathStyle.APPEND),
            provider("perplexity-ai", "https://api.perplexity.ai/", PathStyle.APPEND),
            provider("openrouter", "https://openrouter.ai/api/v1/", PathStyle.OPTIONAL_V1),
            provider("cerebras", "https://api.cerebras.ai/v1/", PathStyle.OPTIONAL_V1),
            provider("grok", "https://api.x.ai/v1/", PathStyle.OPTIONAL_V1),
            provider("huggingface", "https://api-inference.huggingface.co/models/", PathStyle.APPEND),
            provider("replicate", "https://api.replicate.com/v1/", PathStyle.OPTIONAL_V1),
            provider("fireworks", "https://api.fireworks.ai/inference/v1/", PathStyle.OPTIONAL_V1),
            provider("elevenlabs", "https://api.elevenlabs.io/", PathStyle.APPEND),
            provider("cartesia", "https://api.cartesia.ai/", PathStyle.APPEND),
            provider("ideogram", "https://api.ideogram.ai/", PathStyle.APPEND),
            provider("fal", "https://fal.run/", PathStyle.APPEND),
            provider(MOCK, "", PathStyle.IN_PROCESS));

    private KnownProviders() {
    }

    public static List<Provider> defaults() {
        return DEFAULTS;
    }

    private static Provider provider(String slug, String baseUrl, PathStyle style) {
        return new Provider(new ProviderSlug(slug), baseUrl, style);
    }
}
