package dev.sluice.adapters.gateway.cohere;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cohere's usage, v1 and v2, whole and streamed. */
class CohereProviderTest {

    private final ProviderContract contract = new ProviderContract(new CohereProvider());

    @Test
    void cohereV2V1AndStream() {
        assertThat(contract.usage("""
                {"id":"c1","message":{"role":"assistant","content":[{"type":"text","text":"Hi"}]},"finish_reason":"COMPLETE",
                "usage":{"billed_units":{"input_tokens":5,"output_tokens":10},"tokens":{"input_tokens":71,"output_tokens":10}}}
                """)).contains(TokenUsage.reported(71, 10));
        assertThat(contract.usage("""
                {"text":"Hi","meta":{"api_version":{"version":"1"},"billed_units":{"input_tokens":6,"output_tokens":2}}}
                """)).contains(TokenUsage.reported(6, 2));
        assertThat(contract.usage("""
                event: content-delta
                data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}}}

                event: message-end
                data: {"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":{"billed_units":{"input_tokens":3,"output_tokens":2},"tokens":{"input_tokens":70,"output_tokens":2}}}}

                """)).contains(TokenUsage.reported(70, 2));
    }

    @Test
    void cohereV1StreamIsJsonLinesWithUsageInItsStreamEnd() {
        assertThat(contract.usage("""
                {"is_finished":false,"event_type":"stream-start","generation_id":"g1"}
                {"is_finished":false,"event_type":"text-generation","text":"Hi"}
                {"is_finished":true,"event_type":"stream-end","response":{"response_id":"r","text":"Hi","generation_id":"g1",\
                "meta":{"api_version":{"version":"1"},"billed_units":{"input_tokens":11,"output_tokens":7}}},"finish_reason":"COMPLETE"}
                """)).contains(TokenUsage.reported(11, 7));
    }
}
