package dev.sluice.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderFactoryTest {

    @Test
    void customProvidersComeFromTheirEnvironmentVariables() {
        assertThat(ProviderFactory.customProvidersFromEnvironment(Map.of(
                "SLUICE_PROVIDERS_CUSTOM_MY_LLM_BASE_URL", "http://127.0.0.1:8000/v1",
                "SLUICE_PROVIDERS_OPENAI_BASE_URL", "http://elsewhere",
                "PATH", "/usr/bin")))
                .containsExactly(Map.entry("custom-my-llm", "http://127.0.0.1:8000/v1"));
    }

    @Test
    void aMalformedCustomNameIsAStartupErrorThatSaysWhy() {
        assertThatThrownBy(() -> ProviderFactory.customProvidersFromEnvironment(
                Map.of("SLUICE_PROVIDERS_CUSTOM__BAD_BASE_URL", "http://x")))
                .hasMessageContaining("custom-{slug}");
    }
}
