package dev.sluice.application.universal;

import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.universal.UniversalStep;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a universal request as a pipeline call: the step's provider and endpoint, its query as the
 * body, and the headers in Cloudflare's order of precedence — the step's config over the step's headers
 * over the request's headers (the gateway's settings come after all of them, in the pipeline). The
 * request's event id, or its request id, is every step's event id.
 */
final class StepCalls {

    private StepCalls() {
    }

    static GatewayCall call(UniversalRequestCommand command, int index, String callId) {
        UniversalStep step = command.steps().get(index);
        List<Header> headers = new ArrayList<>();
        List<Header> own = new ArrayList<>();
        UniversalStep.Config config = step.config();
        config.requestTimeout().ifPresent(limit -> own.add(new Header(GatewayHeaders.REQUEST_TIMEOUT,
                Long.toString(limit.toMillis()))));
        config.maxAttempts().ifPresent(attempts -> own.add(new Header(GatewayHeaders.MAX_ATTEMPTS,
                Integer.toString(attempts))));
        config.retryDelay().ifPresent(delay -> own.add(new Header(GatewayHeaders.RETRY_DELAY,
                Long.toString(delay.toMillis()))));
        config.backoff().ifPresent(backoff -> own.add(new Header(GatewayHeaders.BACKOFF, backoff.wire())));
        for (Header header : step.headers()) {
            if (own.stream().noneMatch(mine -> mine.is(header.name()))) {
                own.add(header);
            }
        }
        for (Header header : command.headers().all()) {
            if (own.stream().noneMatch(mine -> mine.is(header.name())) && !header.is("content-length")) {
                headers.add(header);
            }
        }
        headers.addAll(own);
        if (headers.stream().noneMatch(header -> header.is(GatewayHeaders.EVENT_ID))) {
            headers.add(new Header(GatewayHeaders.EVENT_ID, command.requestId()));
        }
        if (headers.stream().noneMatch(header -> header.is("content-type"))) {
            headers.add(new Header("content-type", "application/json"));
        }
        return new GatewayCall(callId, command.account(), command.gateway(), step.provider(), "POST", step.path(),
                step.rawQuery(),
                new Headers(headers), step.query(), CallOptions.step(index), command.clientGone());
    }
}
