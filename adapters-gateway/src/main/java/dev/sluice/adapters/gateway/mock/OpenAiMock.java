package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.mock.MockWire.ChatCompletionChunk;
import dev.sluice.adapters.gateway.mock.MockWire.ChatCompletionResponse;
import dev.sluice.adapters.gateway.mock.MockWire.Choice;
import dev.sluice.adapters.gateway.mock.MockWire.ChunkChoice;
import dev.sluice.adapters.gateway.mock.MockWire.Delta;
import dev.sluice.adapters.gateway.mock.MockWire.Message;
import dev.sluice.adapters.gateway.mock.MockWire.Usage;
import dev.sluice.domain.exchange.UpstreamResponse;
import io.micronaut.json.tree.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat completions as the mock answers them, streamed or not; with
 * {@code stream_options.include_usage} the stream ends with a usage chunk, as OpenAI's does.
 */
final class OpenAiMock {

    private static final String CHUNK = "chat.completion.chunk";

    private final MockResponses responses;
    private final Clock clock;

    OpenAiMock(MockResponses responses, Clock clock) {
        this.responses = responses;
        this.clock = clock;
    }

    UpstreamResponse chatCompletion(JsonNode body, Duration between) {
        String model = MockResponses.text(body.get("model")).orElse("mock-model");
        MockReply reply = MockReply.to(model, MockResponses.prompt(body));
        String id = "chatcmpl-mock-" + reply.seed();
        long created = clock.instant().getEpochSecond();
        if (!MockResponses.flag(body.get("stream"))) {
            return responses.json(200, new ChatCompletionResponse(id, "chat.completion", created, model,
                    List.of(new Choice(0, new Message("assistant", reply.text()), "stop")), Usage.of(reply)));
        }
        JsonNode options = body.get("stream_options");
        List<Object> events = new ArrayList<>();
        events.add(chunk(id, created, model, new Delta("assistant", ""), null));
        reply.pieces().forEach(piece -> events.add(chunk(id, created, model, new Delta(null, piece), null)));
        events.add(chunk(id, created, model, new Delta(null, null), "stop"));
        if (options != null && MockResponses.flag(options.get("include_usage"))) {
            events.add(new ChatCompletionChunk(id, CHUNK, created, model, List.of(), Usage.of(reply)));
        }
        return responses.sse(events, between);
    }

    private static ChatCompletionChunk chunk(String id, long created, String model, Delta delta, String finish) {
        return new ChatCompletionChunk(id, CHUNK, created, model, List.of(new ChunkChoice(0, delta, finish)), null);
    }
}
