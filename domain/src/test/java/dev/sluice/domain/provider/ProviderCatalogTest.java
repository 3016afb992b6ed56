package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog and the provider-neutral path mappings; each provider's own paths are tested in its package. */
class ProviderCatalogTest {

    private static final List<ProviderProfile> KNOWN = List.of(
            ProviderProfile.of("openai", "https://api.openai.com/v1/", PathMapping.OPTIONAL_V1),
            ProviderProfile.of("anthropic", "https://api.anthropic.com/", PathMapping.APPEND),
            ProviderProfile.of("mock", "", PathMapping.IN_PROCESS));

    private final ProviderCatalog catalog = ProviderCatalog.of(KNOWN,
            Map.of("custom-ollama", "http://127.0.0.1:11434/v1"));

    private String url(String slug, String path, String query) {
        return catalog.find(slug).orElseThrow().resolve(path, query).toString();
    }

    @Test
    void optionalV1AcceptsPathsWithAndWithoutV1() {
        assertThat(url("openai", "chat/completions", "")).isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(url("openai", "v1/chat/completions", "")).isEqualTo("https://api.openai.com/v1/chat/completions");
    }

    @Test
    void appendAddsPathAndQuery() {
        assertThat(url("anthropic", "v1/messages", "beta=1")).isEqualTo("https://api.anthropic.com/v1/messages?beta=1");
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
    void aBaseUrlPlaceholderLeftUnfilledSaysWhatToConfigure() {
        ProviderCatalog unconfigured = ProviderCatalog.of(
                List.of(ProviderProfile.of("workers-ai", "https://x/accounts/{account_id}/ai/", PathMapping.APPEND)),
                Map.of());
        assertThatThrownBy(() -> unconfigured.find("workers-ai").orElseThrow().resolve("@cf/x", ""))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED))
                .hasMessage("Provider workers-ai is not configured: its base URL still has {account_id};"
                        + " set sluice.providers.workers-ai.base-url");
    }

    @Test
    void unknownAndMalformedSlugsAreNotFound() {
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find("Bad Slug")).isEmpty();
        assertThat(catalog.find("custom-other")).isEmpty();
    }

    @Test
    void configurationCannotInventAnUnknownNonCustomProvider() {
        assertThatThrownBy(() -> ProviderCatalog.of(KNOWN, Map.of("nope", "http://x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInProcessProviderHasNoBaseUrlToOverride() {
        assertThatThrownBy(() -> ProviderCatalog.of(KNOWN, Map.of("mock", "http://x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catalog.find("mock").orElseThrow().inProcess()).isTrue();
    }

    @Test
    void overridesReplaceADefaultBaseUrlButKeepItsPathStyle() {
        ProviderCatalog local = ProviderCatalog.of(KNOWN, Map.of("openai", "http://127.0.0.1:9/v1"));
        assertThat(local.find("openai").orElseThrow().resolve("v1/models", "").toString())
                .isEqualTo("http://127.0.0.1:9/v1/models");
    }

    @Test
    void dotSegmentsAreRefusedForAProviderAnsweredInProcessToo() {
        Provider inProcess = new Provider(new ProviderSlug("mock"), "", PathMapping.IN_PROCESS);
        for (String path : new String[] {"@cf/%2e%2e", "v1/../chat/completions", "@cf/%252e%252e/x"}) {
            assertThatThrownBy(() -> dev.sluice.domain.exchange.UpstreamRequest.to(inProcess, "POST", path, "",
                    dev.sluice.domain.header.Headers.EMPTY, new byte[0])).as(path)
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        }
        assertThat(dev.sluice.domain.exchange.UpstreamRequest.to(inProcess, "POST", "v1/chat/completions", "",
                dev.sluice.domain.header.Headers.EMPTY, new byte[0]).path()).isEqualTo("v1/chat/completions");
    }
}
