package dev.sluice.domain.cache;

import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A complete successful answer as it is kept in the cache: status, the headers worth replaying, and the
 * whole body (for a stream, every event it sent, replayed as the same {@code text/event-stream}).
 * Headers that belong to one exchange (cookies, date, length, the gateway's own ids) are not kept.
 */
public record CachedResponse(int status, Headers headers, byte[] body) {

    /** Cloudflare's limit on a cacheable response, and Sluice's default. */
    public static final long MAX_SIZE = 25L * 1024 * 1024;
    private static final int NO_CONTENT = 204;
    private static final Set<String> NOT_REPLAYED = Set.of("set-cookie", "set-cookie2", "date", "content-length",
            "age");

    public CachedResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("only successful responses are cached, not " + status);
        }
    }

    public static CachedResponse of(int status, Headers upstreamHeaders, byte[] body) {
        Headers kept = HeaderForwarding.towardsClient(upstreamHeaders).keep(header -> {
            String name = header.name().toLowerCase(Locale.ROOT);
            return !NOT_REPLAYED.contains(name);
        });
        return new CachedResponse(status, kept, body);
    }

    /** The stored size an entry is weighed and limited by: body plus headers. */
    public long size() {
        long size = body.length;
        for (var header : headers.all()) {
            size += header.name().length() + header.value().length() + 4;
        }
        return size;
    }

    /**
     * The answer again, its body whole in memory, with its {@code Content-Length} as the provider's answer had it:
     * a hit was sent chunked, without one, while the miss before it had one (no length on a 204, which has no body).
     */
    public UpstreamResponse replay() {
        Headers replayed = status == NO_CONTENT ? headers : headers.with("content-length", Integer.toString(body.length));
        return new UpstreamResponse(status, replayed, Bodies.of(body));
    }
}
