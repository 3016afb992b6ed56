package dev.sluice.domain.exchange;

import dev.sluice.domain.header.Headers;

import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers describe one connection and never cross;
 * gateway headers ({@code cf-aig-*} and the deprecated {@code cf-cache-ttl}/{@code cf-skip-cache}) are
 * meant for Sluice and, since they may carry gateway tokens, never reach a provider. Provider
 * authentication headers cross unchanged.
 */
public final class HeaderForwarding {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host",
            "content-length", "proxy-connection", "expect", "http2-settings");
    private static final Set<String> GATEWAY_ALIASES = Set.of("cf-cache-ttl", "cf-skip-cache");

    private HeaderForwarding() {
    }

    public static Headers towardsProvider(Headers fromClient) {
        return fromClient.keep(header -> {
            String name = header.name().toLowerCase(Locale.ROOT);
            return !HOP_BY_HOP.contains(name) && !name.startsWith("cf-aig-") && !GATEWAY_ALIASES.contains(name);
        });
    }

    public static Headers towardsClient(Headers fromProvider) {
        return fromProvider.keep(header -> !HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT)));
    }
}
