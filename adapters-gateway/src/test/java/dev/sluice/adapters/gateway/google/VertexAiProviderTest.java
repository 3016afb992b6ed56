package dev.sluice.adapters.gateway.google;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vertex AI's regional hosts, picked by the path's location. */
class VertexAiProviderTest {

    private final ProviderContract contract = new ProviderContract(new VertexAiProvider());

    @Test
    void theLocationInThePathPicksTheRegionalHost() {
        String path = "v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash:streamGenerateContent";
        assertThat(contract.url(path, "alt=sse")).isEqualTo("https://us-central1-aiplatform.googleapis.com/" + path + "?alt=sse");
    }

    @Test
    void theGlobalLocationHasNoRegionalHost() {
        String path = "v1beta1/projects/p/locations/global/publishers/anthropic/models/claude-sonnet-4-5:rawPredict";
        assertThat(contract.url(path, "")).isEqualTo("https://aiplatform.googleapis.com/" + path);
    }

    @Test
    void aPathWithoutProjectAndLocationOrWithAHostInTheLocationIsRefused() {
        for (String path : new String[] {"v1/models/gemini:generateContent", "v1/projects/p/locations/evil.com#/x",
                "v2/projects/p/locations/us-central1/x"}) {
            assertThatThrownBy(() -> contract.url(path, ""), path).isInstanceOfSatisfying(GatewayException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        }
    }
}
