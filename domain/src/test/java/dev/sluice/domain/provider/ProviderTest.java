package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderTest {

    private final ProviderCatalog catalog = ProviderCatalog.of(
            Map.of("custom-ollama", "http://127.0.0.1:11434/v1"), Optional.of("acct123"));

    private String url(String slug, String path, String query) {
        return catalog.find(slug).orElseThrow().resolve(path, query).toString();
    }

    @Test
    void openAiAcceptsPathsWithAndWithoutV1() {
        assertThat(url("openai", "chat/completions", "")).isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(url("openai", "v1/chat/completions", "")).isEqualTo("https://api.openai.com/v1/chat/completions");
    }

    @Test
    void appendsPathAndQueryForAnthropicAndGoogle() {
        assertThat(url("anthropic", "v1/messages", "")).isEqualTo("https://api.anthropic.com/v1/messages");
        assertThat(url("google-ai-studio", "v1beta/models/gemini:generateContent", "alt=sse"))
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?alt=sse");
    }

    @Test
    void workersAiRunsModelsAndPassesOpenAiCompatiblePaths() {
        assertThat(url("workers-ai", "@cf/meta/llama-3.1-8b-instruct", ""))
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/acct123/ai/run/@cf/meta/llama-3.1-8b-instruct");
        assertThat(url("workers-ai", "v1/chat/completions", ""))
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/acct123/ai/v1/chat/completions");
    }

    @Test
    void workersAiWithoutAnAccountSaysWhatToConfigure() {
        ProviderCatalog unconfigured = ProviderCatalog.of(Map.of(), Optional.empty());
        assertThatThrownBy(() -> unconfigured.find("workers-ai").orElseThrow().resolve("@cf/x", ""))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
    }

    @Test
    void azureFillsResourceAndDeployment() {
        assertThat(url("azure-openai", "my-res/gpt4o/chat/completions", "api-version=2024-06-01"))
                .isEqualTo("https://my-res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-06-01");
    }

    @Test
    void azureRefusesAResourceThatIsNotAHostLabel() {
        assertThatThrownBy(() -> url("azure-openai", "evil.com#/x/chat", ""))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
    }

    @Test
    void customProvidersAppendToTheirBaseUrl() {
        assertThat(url("custom-ollama", "chat/completions", "")).isEqualTo("http://127.0.0.1:11434/v1/chat/completions");
    }

    @Test
    void dotSegmentsCannotClimbOutOfTheBasePath() {
        assertThatThrownBy(() -> url("openai", "../admin", ""))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        assertThatThrownBy(() -> url("openai", "a/%2E%2E/b", "")).isInstanceOf(GatewayException.class);
    }

    @Test
    void unknownAndMalformedSlugsAreNotFound() {
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find("Bad Slug")).isEmpty();
        assertThat(catalog.find("custom-other")).isEmpty();
    }

    @Test
    void configurationCannotInventAnUnknownNonCustomProvider() {
        assertThatThrownBy(() -> ProviderCatalog.of(Map.of("nope", "http://x"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overridesReplaceADefaultBaseUrlButKeepItsPathStyle() {
        ProviderCatalog local = ProviderCatalog.of(Map.of("openai", "http://127.0.0.1:9/v1"), Optional.empty());
        assertThat(local.find("openai").orElseThrow().resolve("v1/models", "").toString())
                .isEqualTo("http://127.0.0.1:9/v1/models");
    }
}
