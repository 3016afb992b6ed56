package dev.sluice.application.pipeline;

import dev.sluice.domain.exchange.Headers;

import java.util.Objects;

/**
 * One call through a gateway, as a surface hands it to the pipeline: which gateway and provider, the
 * request to forward, the client's headers ({@code cf-aig-*} ones are read by the policy stage, the rest
 * are forwarded) and the typed options of a caller in the same process. Account, gateway and provider are
 * kept as sent: telling an unknown one from a known one is the pipeline's work.
 */
public record GatewayCall(
        String requestId,
        String account,
        String gateway,
        String provider,
        String method,
        String path,
        String rawQuery,
        Headers headers,
        byte[] body,
        CallOptions options) {

    public GatewayCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(options, "options");
        body = body == null ? new byte[0] : body;
        rawQuery = rawQuery == null ? "" : rawQuery;
    }
}
