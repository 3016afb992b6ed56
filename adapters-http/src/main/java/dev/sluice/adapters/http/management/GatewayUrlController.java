package dev.sluice.adapters.http.management;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.application.gateway.ManageGatewaysUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.provider.ProviderCatalog;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code GET …/gateways/{id}/url/{provider}}: the gateway's URL for a provider, as Cloudflare's API answers it
 * ({@code result: "<url>"}; its API client's {@code aiGateway.urls.get}, the binding's {@code getUrl}). {@code
 * universal} is the gateway's base with a trailing slash, the universal endpoint; {@code compat} its unified API. The
 * base is Sluice's as the client reached it, so the URL works from where the client is.
 */
@Controller("/client/v4/accounts/{account}/ai-gateway/gateways/{id}/url/{provider}")
@ExecuteOn(TaskExecutors.BLOCKING)
final class GatewayUrlController {

    private static final String UNIVERSAL = "universal";
    private static final String COMPAT = "compat";
    private static final int MAX_NAME_IN_ERROR = 64;

    private final ManageGatewaysUseCase gateways;
    private final ProviderCatalog providers;

    GatewayUrlController(ManageGatewaysUseCase gateways, ProviderCatalog providers) {
        this.gateways = gateways;
        this.providers = providers;
    }

    @Get
    V4Envelope<String> url(@PathVariable String account, @PathVariable String id, @PathVariable String provider,
                           HttpRequest<?> request) {
        GatewayRef gateway = gateways.get(GatewayRefs.existing(account, id)).ref();
        boolean universal = provider.equals(UNIVERSAL);
        if (!universal && !provider.equals(COMPAT) && providers.find(provider).isEmpty()) {
            String name = provider.length() <= MAX_NAME_IN_ERROR ? provider
                    : provider.substring(0, MAX_NAME_IN_ERROR) + "…";
            throw new GatewayException(ErrorCode.NOT_FOUND, "Provider '" + name + "' not found: Sluice does not serve "
                    + "it (a custom one is named custom-{slug} in sluice.providers)");
        }
        String base = origin(request) + "/v1/" + gateway.account().value() + "/" + gateway.id().value() + "/";
        return V4Envelope.ok(universal ? base : base + provider);
    }

    /**
     * Sluice's own base as the client used it: the connection's scheme and the {@code Host} it named (the edge has
     * checked it is a {@code host[:port]}), or the address it reached when it named none, as an HTTP/1.0 client may.
     * Forwarding headers ({@code X-Forwarded-*}, {@code Forwarded}) are not read: Sluice trusts them nowhere, and
     * whoever sent them would choose the URL.
     */
    private static String origin(HttpRequest<?> request) {
        String scheme = request.isSecure() ? "https" : "http";
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host != null && !host.isBlank()) {
            return scheme + "://" + host.trim();
        }
        InetSocketAddress local = request.getServerAddress();
        InetAddress address = local.getAddress();
        String name = address == null ? local.getHostString() : address.getHostAddress();
        int scope = name.indexOf('%');
        name = scope < 0 ? name : name.substring(0, scope);
        return scheme + "://" + (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + local.getPort();
    }
}
