package dev.sluice.application.port.in;

import dev.sluice.domain.exchange.UpstreamResponse;

import java.util.Objects;

/** The provider's response and the ids the gateway gave the request ({@code cf-aig-*-id} headers). */
public record ProxiedResponse(String logId, String requestId, String eventId, UpstreamResponse response) {

    public ProxiedResponse {
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(response, "response");
    }
}
