package dev.sluice.domain.cache;

import dev.sluice.domain.digest.Sha256;
import dev.sluice.domain.gateway.GatewayRef;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a response is cached: the gateway (entries are never shared between gateways, and a gateway's
 * cache can be purged) and a SHA-256 digest. The default digest covers provider, endpoint, the
 * provider's authentication header, the headers that choose the answer's shape ({@link CacheableRequest#SHAPING_HEADERS})
 * and the full body (and with it the model, which is in the body or,
 * for Workers AI and Google, in the endpoint), so two callers with different provider keys never share
 * an answer; {@code cf-aig-cache-key} replaces all of that but the provider: an entry holds its provider's own
 * wire format, which another provider's client (native or through {@code /compat}) cannot read. Either way, a
 * streamed and a plain request never share an entry. Fields are length-prefixed so no two different requests hash the same
 * bytes.
 */
public record CacheKey(GatewayRef gateway, String digest) {

    /** v2: entries from before providers were asked for uncompressed answers may be compressed; they are not read. */
    private static final String VERSION = "sluice-cache-v2";

    public CacheKey {
        Objects.requireNonNull(gateway, "gateway");
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("a cache key digest is 64 lower-case hex characters");
        }
    }

    /** 64 lower-case hex characters, checked by hand: a key is made (and checked) for every cacheable request. */
    private static boolean isDigest(String digest) {
        if (digest == null || digest.length() != 64) {
            return false;
        }
        for (int i = 0; i < digest.length(); i++) {
            char c = digest.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public static CacheKey of(GatewayRef gateway, CacheableRequest request) {
        byte[] version = VERSION.getBytes(StandardCharsets.UTF_8);
        byte[] streaming = {(byte) (request.streaming() ? 1 : 0)};
        byte[][] fields = request.customKey().isPresent()
                ? new byte[][] {version, streaming, utf8("custom"), utf8(request.provider()),
                        utf8(request.customKey().get())}
                : new byte[][] {version, streaming, utf8("default"), utf8(request.provider()),
                        utf8(request.endpoint()), utf8(request.keyedHeaders()), request.body()};
        return new CacheKey(gateway, HexFormat.of().formatHex(Sha256.ofFields(fields)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
