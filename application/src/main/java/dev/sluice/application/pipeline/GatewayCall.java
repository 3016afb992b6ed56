package dev.sluice.application.pipeline;

import dev.sluice.domain.header.Headers;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One call through a gateway, as a surface hands it to the pipeline: which gateway and provider, the
 * request to forward, the client's headers ({@code cf-aig-*} ones are read by the policy stage, the rest
 * are forwarded) and the typed options of a caller in the same process. Account, gateway and provider are
 * kept as sent: telling an unknown one from a known one is the pipeline's work. {@code clientGone}
 * completes when the caller stops waiting (its connection closed): the provider call under way is then
 * cancelled and no retry is made.
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
        CallOptions options,
        CompletionStage<Void> clientGone) {

    /** A call whose caller waits for its answer whatever happens. */
    public GatewayCall(String requestId, String account, String gateway, String provider, String method, String path,
                       String rawQuery, Headers headers, byte[] body, CallOptions options) {
        this(requestId, account, gateway, provider, method, path, rawQuery, headers, body, options,
                new CompletableFuture<>());
    }

    public GatewayCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clientGone, "clientGone");
        body = body == null ? new byte[0] : body;
        rawQuery = rawQuery == null ? "" : rawQuery;
    }
}
