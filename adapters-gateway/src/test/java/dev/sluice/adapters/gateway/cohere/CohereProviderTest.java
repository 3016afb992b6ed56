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
                """)).contains(TokenUsage.reported(5, 10));
        assertThat(contract.usage("""
                {"text":"Hi","meta":{"api_version":{"version":"1"},"billed_units":{"input_tokens":6,"output_tokens":2}}}
                """)).contains(TokenUsage.reported(6, 2));
        assertThat(contract.usage("""
                event: content-delta
                data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}}}

                event: message-end
                data: {"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":{"billed_units":{"input_tokens":3,"output_tokens":2},"tokens":{"input_tokens":70,"output_tokens":2}}}}

                """)).contains(TokenUsage.reported(3, 2));
    }

    /**
     * The same answer from v1 ({@code meta}) and v2 ({@code usage}) logs the same tokens: the billed units, which Cohere
     * charges for ("How does Cohere's pricing work?": {@code tokens} also counts what Cohere adds under the hood and
     * does not bill); {@code tokens} only where no billed units came.
     */
    @Test
    void v1AndV2AreBothReadAsTheirBilledUnits() {
        String counts = "{\"billed_units\":{\"input_tokens\":6772,\"output_tokens\":248},"
                + "\"tokens\":{\"input_tokens\":7596,\"output_tokens\":645}}";
        assertThat(contract.usage("{\"text\":\"Hi\",\"meta\":" + counts.replace("{\"billed", "{\"api_version\":"
                + "{\"version\":\"1\"},\"billed") + "}")).contains(TokenUsage.reported(6772, 248));
        assertThat(contract.usage("{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"usage\":" + counts + "}"))
                .contains(TokenUsage.reported(6772, 248));
        assertThat(contract.usage("{\"is_finished\":true,\"event_type\":\"stream-end\",\"response\":{\"meta\":"
                + counts + "},\"finish_reason\":\"COMPLETE\"}\n")).contains(TokenUsage.reported(6772, 248));
        assertThat(contract.usage("{\"id\":\"c1\",\"usage\":{\"tokens\":{\"input_tokens\":9,\"output_tokens\":4}}}"))
                .as("tokens only where nothing billed came").contains(TokenUsage.reported(9, 4));
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
