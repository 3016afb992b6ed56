package dev.sluice.adapters.gateway.azure;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Azure OpenAI's paths and model location. */
class AzureOpenAiProviderTest {

    private final ProviderContract contract = new ProviderContract(new AzureOpenAiProvider());

    @Test
    void azureFillsResourceAndDeployment() {
        assertThat(contract.url("my-res/gpt4o/chat/completions", "api-version=2024-06-01"))
                .isEqualTo("https://my-res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-06-01");
    }

    @Test
    void azureRefusesAResourceThatIsNotAHostLabel() {
        assertThatThrownBy(() -> contract.url("evil.com#/x/chat", ""))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
    }

    @Test
    void theDeploymentNamesTheModel() {
        // Azure's own URL shape, wherever a path has it (a custom provider in front of Azure); on the gateway's
        // azure-openai path the same text means resource "openai", deployment "deployments".
        assertThat(contract.modelInAnotherProvidersPath("openai/deployments/my-gpt/chat/completions")).isEqualTo("my-gpt");
    }

    @Test
    void theDeploymentInTheGatewaysOwnPathNamesTheModel() {
        assertThat(contract.modelInPath("my-res/my-gpt/chat/completions")).isEqualTo("my-gpt");
    }
}
