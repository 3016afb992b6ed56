package dev.sluice.application.universal;

import dev.sluice.domain.header.Headers;
import dev.sluice.domain.universal.UniversalStep;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A universal request as it arrived at {@code POST /v1/{account}/{gateway}}: the request's own headers
 * (its {@code cf-aig-*} ones apply to every step unless a step says otherwise) and its steps, in order.
 */
public record UniversalRequestCommand(String requestId, String account, String gateway, Headers headers,
                                      List<UniversalStep> steps, CompletionStage<Void> clientGone) {

    public UniversalRequestCommand {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(headers, "headers");
        steps = List.copyOf(steps);
        Objects.requireNonNull(clientGone, "clientGone");
    }
}
