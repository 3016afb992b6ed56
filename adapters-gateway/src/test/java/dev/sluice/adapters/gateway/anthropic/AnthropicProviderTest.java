package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.adapters.gateway.ProviderContract;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Anthropic's paths and usage, as the gateway reads them. */
class AnthropicProviderTest {

    private final ProviderContract contract = new ProviderContract(new AnthropicProvider());

    @Test
    void appendsPathAndQuery() {
        assertThat(contract.url("v1/messages", "")).isEqualTo("https://api.anthropic.com/v1/messages");
    }

    @Test
    void anthropicMessageCountsCacheReadsAndWritesApartFromInput() {
        assertThat(contract.usage("""
                {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hi"}],
                "usage":{"input_tokens":20,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":12}}
                """)).contains(new TokenUsage(2120, 12, 2000, 100, false));
    }

    @Test
    void theOneHourCachesWritesAreCountedApartFromTheFiveMinuteOnes() {
        assertThat(contract.usage("""
                {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hi"}],
                "usage":{"input_tokens":20,"cache_creation_input_tokens":300,"cache_read_input_tokens":0,"output_tokens":12,
                "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200}}}
                """)).contains(new TokenUsage(320, 12, 0, 300, 200, false));
        // A stream's message_start carries the same usage object.
        assertThat(contract.usage("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":5,"cache_creation_input_tokens":50,"output_tokens":1,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":50}}}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

                """)).contains(new TokenUsage(55, 15, 0, 50, 50, false));
    }

    @Test
    void absurdCountsAreCappedBeforeTheyAreSummed() {
        assertThat(contract.usage("""
                {"usage":{"input_tokens":9223372036854775807,"cache_creation_input_tokens":9223372036854775807,
                "output_tokens":1,"cache_creation":{"ephemeral_1h_input_tokens":9223372036854775807}}}
                """)).contains(new TokenUsage(2 * TokenUsage.MAX_COUNT, 1, 0, TokenUsage.MAX_COUNT,
                TokenUsage.MAX_COUNT, false));
    }

    @Test
    void anthropicStreamSplitsInputAndOutputAcrossEvents() {
        assertThat(contract.usage("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":25,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

                event: message_stop
                data: {"type":"message_stop"}

                """)).contains(TokenUsage.reported(25, 15));
    }

}
