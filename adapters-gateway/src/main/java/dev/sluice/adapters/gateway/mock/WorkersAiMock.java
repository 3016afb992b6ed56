package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.mock.MockWire.Usage;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiChunk;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiResponse;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiResult;
import dev.sluice.domain.exchange.UpstreamResponse;
import io.micronaut.json.tree.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Workers AI text generation as the mock answers it: the v4 envelope with {@code result.response}, or
 * a stream of {@code {"response": …}} events whose last one carries the usage.
 */
final class WorkersAiMock {

    private final MockResponses responses;

    WorkersAiMock(MockResponses responses) {
        this.responses = responses;
    }

    UpstreamResponse run(String model, JsonNode body, Duration between) {
        MockReply reply = MockReply.to(model, MockResponses.text(body.get("prompt"))
                .orElseGet(() -> MockResponses.prompt(body)));
        if (!MockResponses.flag(body.get("stream"))) {
            return responses.json(200, new WorkersAiResponse(new WorkersAiResult(reply.text(), Usage.of(reply)), true,
                    List.of(), List.of()));
        }
        List<Object> events = new ArrayList<>();
        reply.pieces().forEach(piece -> events.add(new WorkersAiChunk(piece, null)));
        events.add(new WorkersAiChunk("", Usage.of(reply)));
        return responses.sse(events, between);
    }
}
