package dev.sluice.adapters.gateway.google;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Google AI Studio's paths, usage and model location. */
class GoogleAiStudioProviderTest {

    private final ProviderContract contract = new ProviderContract(new GoogleAiStudioProvider());

    @Test
    void appendsPathAndQuery() {
        assertThat(contract.url("v1beta/models/gemini:generateContent", "alt=sse"))
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?alt=sse");
    }

    @Test
    void theModelIsInThePath() {
        assertThat(contract.modelInPath("v1beta/models/gemini-2.0-flash:generateContent")).isEqualTo("gemini-2.0-flash");
    }

    @Test
    void googleUsageMetadataWholeAndAsRunningTotals() {
        assertThat(contract.usage("""
                {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}],
                "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":3,"totalTokenCount":11,"cachedContentTokenCount":4}}
                """)).contains(new TokenUsage(8, 3, 4, 0, false));
        assertThat(contract.usage("""
                data: {"candidates":[{"content":{"parts":[{"text":"H"}]}}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":1}}

                data: {"candidates":[{"content":{"parts":[{"text":"i"}]}}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":2,"thoughtsTokenCount":5}}

                """)).contains(TokenUsage.reported(8, 7));
        // What the tools' results added to the prompt is billed as input (found by a probe: it was left out).
        assertThat(contract.usage("""
                {"usageMetadata":{"promptTokenCount":8,"toolUsePromptTokenCount":30,"candidatesTokenCount":3}}
                """)).contains(TokenUsage.reported(38, 3));
    }

}
