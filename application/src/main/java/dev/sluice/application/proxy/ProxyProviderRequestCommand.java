package dev.sluice.application.proxy;

import dev.sluice.domain.header.Headers;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A request as it arrived at {@code /v1/{account}/{gateway}/{provider}/{path}}. Account, gateway and
 * provider are kept as sent: telling an unknown one from a known one is the use case's work.
 * {@code clientGone} completes if the client's connection closes before the answer.
 */
public record ProxyProviderRequestCommand(
        String requestId,
        String account,
        String gateway,
        String provider,
        String method,
        String path,
        String rawQuery,
        Headers headers,
        byte[] body,
        CompletionStage<Void> clientGone) {

    /** A request whose client waits for its answer whatever happens. */
    public ProxyProviderRequestCommand(String requestId, String account, String gateway, String provider,
                                       String method, String path, String rawQuery, Headers headers, byte[] body) {
        this(requestId, account, gateway, provider, method, path, rawQuery, headers, body, new CompletableFuture<>());
    }

    public ProxyProviderRequestCommand {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(clientGone, "clientGone");
        body = body == null ? new byte[0] : body;
        rawQuery = rawQuery == null ? "" : rawQuery;
    }
}
