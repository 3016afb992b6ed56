package dev.sluice.adapters.gateway.mock;

import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The {@code mock} provider: answers OpenAI chat completions ({@code v1/chat/completions}) and Workers AI
 * ({@code @cf/{model}}) inside Sluice, streamed when asked, with text derived from the prompt. It is
 * for trying Sluice with no keys and no network and for testing applications offline; it stands in for
 * no real provider in Sluice's own tests of those providers. Its latency is its time to the first byte, cut by a
 * request's own timeout ({@code cf-aig-request-timeout}, a step's {@code requestTimeout}) as a provider's would be.
 */
public final class MockProviderAdapter implements CallProviderPort {

    public static final String LATENCY_HEADER = "x-sluice-mock-latency-ms";
    public static final String CHUNK_DELAY_HEADER = "x-sluice-mock-chunk-delay-ms";
    private static final long MAX_DELAY_MS = 60_000;
    /** The largest body the mock reads: it is for trying Sluice and testing applications, not for large prompts. */
    static final int MAX_BODY = 1 << 20;
    private static final Refusal NOT_AN_OBJECT = new Refusal(null,
            "The request body must be a JSON object.", null);

    private final MockResponses responses;
    private final OpenAiMock openAi;
    private final WorkersAiMock workersAi;
    private final Duration latency;
    private final Duration chunkDelay;
    private final ParsedBodies bodies;

    public MockProviderAdapter(JsonMapper json, Clock clock, Duration latency, Duration chunkDelay,
                               ParsedBodies bodies) {
        this.responses = new MockResponses(json);
        this.openAi = new OpenAiMock(responses, clock);
        this.workersAi = new WorkersAiMock(responses);
        this.latency = latency;
        this.chunkDelay = chunkDelay;
        this.bodies = bodies;
    }

    @Override
    public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request,
                                                         Optional<Duration> firstByteTimeout) {
        if (request.body().length > MAX_BODY) {
            // Its answer is derived from the whole prompt (hashed, excerpted, counted), a few times the body in heap.
            throw new GatewayException(ErrorCode.BODY_TOO_LARGE, "The mock provider reads request bodies of at most "
                    + MAX_BODY + " bytes; this one has " + request.body().length);
        }
        Runnable release = bodies.admit(request.body(), ParsedBodies.MOCK);
        Duration delay = delay(request.headers(), LATENCY_HEADER, latency);
        Duration between = delay(request.headers(), CHUNK_DELAY_HEADER, chunkDelay);
        Mono<UpstreamResponse> answer = Mono.fromSupplier(() -> answerWithin(request, between)).delaySubscription(delay)
                .doFinally(signal -> release.run());
        // The latency is the mock's time to its first byte, so a request's own timeout cuts it as it would a provider's.
        return firstByteTimeout.map(timeout -> answer.timeout(timeout).onErrorMap(TimeoutException.class,
                        e -> new ProviderUnavailableException("no response from the mock provider within the request timeout",
                                true)))
                .orElse(answer)
                .toFuture();
    }

    /**
     * The answer, or a 503 when the heap cannot hold it now: Reactor rethrows an {@link OutOfMemoryError} on its own
     * thread rather than failing the call, which left the request unanswered.
     */
    private UpstreamResponse answerWithin(UpstreamRequest request, Duration between) {
        try {
            return answer(request, between);
        } catch (OutOfMemoryError e) {
            throw new GatewayException(ErrorCode.BUSY, "The mock provider could not read this body with the memory free"
                    + " now; retry shortly");
        }
    }

    private UpstreamResponse answer(UpstreamRequest request, Duration between) {
        String path = request.path().replaceFirst("^/+", "");
        if (!"POST".equalsIgnoreCase(request.method())) {
            return responses.error(405, "The mock provider answers POST requests only");
        }
        Optional<JsonNode> body = responses.parse(request.body()).filter(JsonNode::isObject);
        if (path.equals("v1/chat/completions") || path.equals("chat/completions")) {
            if (body.isEmpty()) {
                return responses.openAiRefusal(NOT_AN_OBJECT);
            }
            return OpenAiMockValidation.check(body.get()).map(responses::openAiRefusal)
                    .orElseGet(() -> openAi.chatCompletion(body.get(), between));
        }
        String model = path.startsWith("run/") ? path.substring(4) : path;
        if (model.startsWith("@cf/") || model.startsWith("@hf/")) {
            if (body.isEmpty()) {
                return responses.workersAiRefusal(NOT_AN_OBJECT);
            }
            return WorkersAiMockValidation.check(body.get()).map(responses::workersAiRefusal)
                    .orElseGet(() -> workersAi.run(model, body.get(), between));
        }
        return responses.error(404, "The mock provider serves v1/chat/completions and @cf/{model}, not " + path);
    }

    private static Duration delay(Headers headers, String header, Duration configured) {
        return headers.first(header).map(value -> {
            try {
                long millis = Long.parseLong(value.trim());
                return Duration.ofMillis(Math.max(0, Math.min(millis, MAX_DELAY_MS)));
            } catch (NumberFormatException e) {
                return configured;
            }
        }).orElse(configured);
    }
}
