package dev.sluice.domain.exchange;

import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers cross the gateway. Hop-by-hop headers, and those a {@code Connection} header names, describe one
 * connection and never cross;
 * gateway headers ({@code cf-aig-*} and the deprecated {@code cf-cache-ttl}/{@code cf-skip-cache}) are
 * meant for Sluice and, since they may carry gateway tokens, never reach a provider; nor do the headers that
 * say the client's address ({@code X-Forwarded-For}, {@code Forwarded}, {@code X-Real-IP}, a CDN's
 * {@code CF-Connecting-IP}…), which would tell every provider the end user's IP. Provider
 * authentication headers cross unchanged. The client's {@code Accept-Encoding} does not cross either: the gateway
 * reads every answer (usage, cost, limits, the cache's checks), which a provider compressing it for the client
 * made unreadable (logged with no tokens, so limits did not count it), and a cached compressed answer was replayed to
 * clients that had not asked for compression. The gateway asks for {@link #UNCOMPRESSED} instead (a request without
 * the header allows any coding), so providers answer uncompressed; the answer still goes on byte for byte.
 * Cookies cross neither way: a browser's {@code Cookie} belongs to the site that serves Sluice (its dashboard's, or
 * whatever shares its host), and no provider authenticates with one; a provider's {@code Set-Cookie} (Cloudflare's bot
 * cookie {@code __cf_bm} on OpenAI's answers) is about the gateway's connection to the provider, and would have been
 * stored by every browser calling Sluice for Sluice's own host. A provider's own {@code cf-aig-*} headers (another
 * gateway's in front of it) do not cross towards the client either: that prefix is what Sluice says of the request,
 * and the client read the provider's cache status and log id beside Sluice's, first. Nor does what a provider says
 * of its own host ({@code Alt-Svc}, {@code Strict-Transport-Security}), which a browser would apply to the gateway's.
 */
public final class HeaderForwarding {

    // Matched ignoring case without lower-casing each name first: that was two allocations per header, both
    // ways, on every request.
    private static final Set<String> HOP_BY_HOP = ignoringCase("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host",
            "content-length", "proxy-connection", "expect", "http2-settings");
    private static final Set<String> GATEWAY_ALIASES = ignoringCase("cf-cache-ttl", "cf-skip-cache");
    // Who the caller is and where it connected from: the gateway calls the provider on its own behalf, as
    // Cloudflare's does, so neither the end user's address nor the proxies' view of it reaches a provider.
    private static final Set<String> CLIENT_ADDRESS = ignoringCase("x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip", "x-client-ip", "x-cluster-client-ip",
            "true-client-ip", "cf-connecting-ip", "cf-connecting-ipv6", "cf-ipcountry", "cf-ray", "cf-visitor",
            "cdn-loop");
    private static final Set<String> COOKIES = ignoringCase("cookie", "cookie2");
    private static final Set<String> SET_COOKIES = ignoringCase("set-cookie", "set-cookie2");
    /**
     * What a provider says of its own host, which a browser would apply to the gateway's: {@code Alt-Svc} (a provider
     * behind Cloudflare sends {@code h3=":443"}, which points browsers at HTTP/3 on the gateway's host) and
     * {@code Strict-Transport-Security}.
     */
    private static final Set<String> PROVIDER_HOST = ignoringCase("alt-svc", "strict-transport-security");
    private static final String GATEWAY_PREFIX = "cf-aig-";
    private static final String ACCEPT_ENCODING = "accept-encoding";
    /**
     * What the gateway asks of whatever it calls in place of the client's {@code Accept-Encoding}: an answer it can read.
     * A request without the header allows any coding (RFC 9110 12.5.3).
     */
    public static final Header UNCOMPRESSED = new Header("Accept-Encoding", "identity");

    private HeaderForwarding() {
    }

    public static Headers towardsProvider(Headers fromClient) {
        Set<String> named = connectionOptions(fromClient);
        return fromClient.keep(header -> {
            String name = header.name();
            return !HOP_BY_HOP.contains(name) && !GATEWAY_ALIASES.contains(name) && !CLIENT_ADDRESS.contains(name)
                    && !COOKIES.contains(name) && !name.equalsIgnoreCase(ACCEPT_ENCODING)
                    && !isGatewayHeader(name) && (named.isEmpty() || !named.contains(name));
        });
    }

    public static Headers towardsClient(Headers fromProvider) {
        Set<String> named = connectionOptions(fromProvider);
        return fromProvider.keep(header -> {
            String name = header.name();
            return !HOP_BY_HOP.contains(name) && !SET_COOKIES.contains(name) && !PROVIDER_HOST.contains(name)
                    && !isGatewayHeader(name) && (named.isEmpty() || !named.contains(name));
        });
    }

    /** A {@code cf-aig-*} header, in any case: what a client says to the gateway, and the gateway of the request. */
    public static boolean isGatewayHeader(String name) {
        return name.regionMatches(true, 0, GATEWAY_PREFIX, 0, GATEWAY_PREFIX.length());
    }

    /**
     * The headers a {@code Connection} header names (RFC 9110 7.6.1): they describe this connection too and are
     * removed with it. {@code keep-alive} and {@code close}, the usual values, name none.
     */
    private static Set<String> connectionOptions(Headers headers) {
        Set<String> named = null;
        for (Header header : headers.all()) {
            if (!header.is("connection")) {
                continue;
            }
            for (String option : header.value().split(",")) {
                String name = option.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !HOP_BY_HOP.contains(name)) {
                    if (named == null) {
                        named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    }
                    named.add(name);
                }
            }
        }
        return named == null ? Set.of() : named;
    }

    private static Set<String> ignoringCase(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }
}
