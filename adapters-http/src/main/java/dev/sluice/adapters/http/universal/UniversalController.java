package dev.sluice.adapters.http.universal;

import dev.sluice.adapters.http.error.ErrorResponses;
import dev.sluice.adapters.http.proxy.ClientDeparture;
import dev.sluice.adapters.http.proxy.GatewayHeaderDecoder;
import dev.sluice.adapters.http.proxy.StreamedResponses;
import dev.sluice.application.universal.StepFailedException;
import dev.sluice.application.universal.UniversalAnswer;
import dev.sluice.application.universal.UniversalRequestCommand;
import dev.sluice.application.universal.UniversalRequestUseCase;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.universal.UniversalStep;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/{account}/{gateway}}: the universal endpoint. The body's steps are read here (a bad
 * one is a 400 naming it, before anything is sent); the answer is the answering step's own response,
 * streamed as it arrives, with {@code cf-aig-step} saying which step it was. When every step failed, the
 * last failure comes back, with its step.
 */
@Controller("/v1/{account}/{gateway}")
final class UniversalController {

    static final String STEP = "cf-aig-step";

    private final UniversalRequestUseCase universal;
    private final RequestIds ids;
    private final ParsedBodies bodies;

    UniversalController(UniversalRequestUseCase universal, RequestIds ids, ParsedBodies bodies) {
        this.universal = universal;
        this.ids = ids;
        this.bodies = bodies;
    }

    /*
     * One route: the router drops a path's last slash before it matches, so "/v1/{account}/{gateway}/" is this one, and
     * a second route for it (as there was) never matched and cost every proxied request a failed match (PERFORMANCE.md).
     */
    @Post(consumes = {"*/*"}, produces = {"*/*"})
    CompletionStage<MutableHttpResponse<?>> post(HttpRequest<?> request, @PathVariable String account,
                                                 @PathVariable String gateway, @Nullable @Body byte[] body) {
        String requestId = ids.next();
        Headers headers = GatewayHeaderDecoder.decode(request.getHeaders());
        ClientDeparture departure = ClientDeparture.watch(request);
        CompletionStage<UniversalAnswer> answer;
        try {
            answer = universal.run(new UniversalRequestCommand(requestId, account, gateway, headers, steps(body),
                    departure.gone()));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((answered, failure) -> {
            departure.stopWatching();
            if (departure.left()) {
                if (answered != null) {
                    answered.response().response().discard();
                }
                return HttpResponse.noContent();
            }
            if (failure != null) {
                return failed(request, Failures.cause(failure), requestId, headers);
            }
            return StreamedResponses.of(answered.response(), departure.connection())
                    .header(STEP, Integer.toString(answered.step()));
        });
    }

    /**
     * The steps, read once {@link ParsedBodies} admits the body; its share is given back once they are read, since each
     * step's own reading (a unified API step's) is admitted again where it happens.
     */
    private List<UniversalStep> steps(byte[] body) {
        Runnable release = bodies.admit(body, ParsedBodies.UNIVERSAL);
        try {
            return UniversalSteps.read(body == null ? new byte[0] : body);
        } finally {
            release.run();
        }
    }

    private static MutableHttpResponse<?> failed(HttpRequest<?> request, Throwable failure, String requestId,
                                                 Headers headers) {
        String eventId = headers.first(GatewayHeaders.EVENT_ID).filter(GatewayHeaders::isValidEventId).orElse(requestId);
        if (failure instanceof StepFailedException step) {
            // The log id names the entry of the step the client is told of, as an answered step's does.
            return ErrorResponses.withGatewayHeaders(ErrorResponses.of(request, step.getCause()), step.logId(), requestId,
                    eventId).header(STEP, Integer.toString(step.step()));
        }
        return ErrorResponses.withGatewayHeaders(ErrorResponses.of(request, failure), requestId, eventId);
    }
}
