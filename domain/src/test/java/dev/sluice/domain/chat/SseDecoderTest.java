package dev.sluice.domain.chat;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The incremental event-stream reader, however the network splits the bytes, and unified model names. */
class SseDecoderTest {

    private static final String STREAM = ": a comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n"
            + "id: 7\nretry: 100\ndata:first line\ndata: second line\n\n"
            + "event: empty\n\n"
            + "data: é – unicode\r\rdata: [DONE]\n\n";
    private static final List<ServerSentEvent> EVENTS = List.of(
            new ServerSentEvent("message_start", "{\"a\":1}"),
            new ServerSentEvent("", "first line\nsecond line"),
            new ServerSentEvent("", "é – unicode"),
            new ServerSentEvent("", "[DONE]"));

    private static List<ServerSentEvent> read(byte[] bytes, int... cuts) {
        SseDecoder decoder = new SseDecoder();
        List<ServerSentEvent> events = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            events.addAll(decoder.read(Arrays.copyOfRange(bytes, from, cut)));
            from = cut;
        }
        events.addAll(decoder.read(Arrays.copyOfRange(bytes, from, bytes.length)));
        events.addAll(decoder.end());
        return events;
    }

    @Test
    void everyTwoWaySplitReadsTheSameEvents() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(read(bytes, cut)).as("split at %d", cut).isEqualTo(EVENTS);
        }
    }

    @Test
    void oneByteAtATimeReadsTheSameEvents() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        int[] cuts = new int[bytes.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertThat(read(bytes, cuts)).isEqualTo(EVENTS);
    }

    @Test
    void aBoundedDecoderRefusesAnEventPastItsBoundAcrossItsLinesAndChunks() {
        SseDecoder bounded = SseDecoder.bounded(16);
        assertThat(bounded.read("data: 0123456789\n\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new ServerSentEvent("", "0123456789"));
        assertThat(bounded.read("data: 01234".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThatThrownBy(() -> bounded.read("\ndata: 567890123\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SseDecoder.EventTooLargeException.class).hasMessageContaining("larger than 16 bytes");
        SseDecoder unbounded = new SseDecoder();
        String large = "x".repeat(100_000);
        assertThat(unbounded.read(("data: " + large + "\n\n").getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new ServerSentEvent("", large));
    }

    @Test
    void anUnterminatedLastEventIsReadAtTheEnd() {
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.read("event: done\ndata: {}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(decoder.end()).containsExactly(new ServerSentEvent("done", "{}"));
    }

    @Test
    void compatModelsNameTheProviderThenItsOwnModel() {
        assertThat(CompatModel.parse("workers-ai/@cf/meta/llama-3.2-3b-instruct"))
                .isEqualTo(new CompatModel("workers-ai", "@cf/meta/llama-3.2-3b-instruct"));
        assertThat(CompatModel.parse("perplexity/sonar").provider()).isEqualTo("perplexity-ai");
        for (String bad : List.of("gpt-4o", "/gpt-4o", "openai/", "")) {
            assertThatThrownBy(() -> CompatModel.parse(bad)).isInstanceOf(GatewayException.class)
                    .hasMessageContaining("{provider}/{model}")
                    .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.INVALID_BODY));
        }
    }
}
