package dev.sluice.adapters.gateway.workersai;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.usage.TokenUsage;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Workers AI's paths, usage and model location, as the gateway reads them. */
class WorkersAiProviderTest {

    private final ProviderContract contract = new ProviderContract(new WorkersAiProvider(Optional.of("acct123")));

    @Test
    void workersAiRunsModelsAndPassesOpenAiCompatiblePaths() {
        assertThat(contract.url("@cf/meta/llama-3.1-8b-instruct", ""))
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/acct123/ai/run/@cf/meta/llama-3.1-8b-instruct");
        assertThat(contract.url("v1/chat/completions", ""))
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/acct123/ai/v1/chat/completions");
    }

    @Test
    void aPathWithoutAModelIsRefused() {
        // Found by a probe: POST …/workers-ai/ was sent to Cloudflare's run/ with no model.
        for (String path : new String[] {"", "run/"}) {
            assertThatThrownBy(() -> contract.url(path, "")).as(path)
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH))
                    .hasMessageContaining("name the model");
        }
    }

    @Test
    void theAccountFillsAConfiguredBaseUrlToo() {
        assertThat(new ProviderContract(new WorkersAiProvider(Optional.of("acct-1")),
                Map.of("workers-ai", "http://127.0.0.1:9/cf/accounts/{account_id}/ai")).url("@cf/x", ""))
                .isEqualTo("http://127.0.0.1:9/cf/accounts/acct-1/ai/run/@cf/x");
    }

    @Test
    void workersAiWithoutAnAccountSaysWhatToConfigure() {
        ProviderContract unconfigured = new ProviderContract(new WorkersAiProvider(Optional.empty()));
        assertThatThrownBy(() -> unconfigured.url("@cf/x", ""))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED))
                .hasMessageContaining("{account_id}")
                .hasMessageContaining("sluice.workers-ai.account-id (CLOUDFLARE_ACCOUNT_ID)");
    }

    @Test
    void theModelIsInThePath() {
        assertThat(contract.modelInPath("client/v4/accounts/a/ai/run/@cf/meta/llama-3.1-8b-instruct"))
                .isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(contract.modelInPath("@cf/meta/llama-3.1-8b-instruct")).isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(contract.modelInPath("v1/chat/completions")).isEmpty();
    }

    @Test
    void workersAiWholeAndStreamed() {
        assertThat(contract.usage("""
                {"result":{"response":"Hello","usage":{"prompt_tokens":18,"completion_tokens":4,"total_tokens":22}},
                "success":true,"errors":[],"messages":[]}
                """)).contains(TokenUsage.reported(18, 4));
        assertThat(contract.usage("""
                data: {"response":"Hel","p":"abc"}

                data: {"response":"lo"}

                data: {"response":"","usage":{"prompt_tokens":18,"completion_tokens":4,"total_tokens":22}}

                data: [DONE]

                """)).contains(TokenUsage.reported(18, 4));
    }

}
