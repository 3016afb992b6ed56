package dev.sluice.domain.cache;

import dev.sluice.domain.gateway.GatewayRef;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a response is cached: the gateway (entries are never shared between gateways, and a gateway's
 * cache can be purged) and a SHA-256 digest. The default digest covers provider, endpoint, the
 * provider's authentication header and the full body (and with it the model, which is in the body or,
 * for Workers AI and Google, in the endpoint), so two callers with different provider keys never share
 * an answer; {@code cf-aig-cache-key} replaces all of that. Either way, a streamed and a plain
 * request never share an entry. Fields are length-prefixed so no two different requests hash the same
 * bytes.
 */
public record CacheKey(GatewayRef gateway, String digest) {

    private static final String VERSION = "sluice-cache-v1";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    public CacheKey {
        Objects.requireNonNull(gateway, "gateway");
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("a cache key digest is 64 lower-case hex characters");
        }
    }

    public static CacheKey of(GatewayRef gateway, CacheableRequest request) {
        MessageDigest sha = sha256();
        field(sha, VERSION.getBytes(StandardCharsets.UTF_8));
        field(sha, new byte[] {(byte) (request.streaming() ? 1 : 0)});
        if (request.customKey().isPresent()) {
            field(sha, "custom".getBytes(StandardCharsets.UTF_8));
            field(sha, request.customKey().get().getBytes(StandardCharsets.UTF_8));
        } else {
            field(sha, "default".getBytes(StandardCharsets.UTF_8));
            field(sha, request.provider().getBytes(StandardCharsets.UTF_8));
            field(sha, request.endpoint().getBytes(StandardCharsets.UTF_8));
            field(sha, request.authentication().getBytes(StandardCharsets.UTF_8));
            field(sha, request.body());
        }
        return new CacheKey(gateway, HexFormat.of().formatHex(sha.digest()));
    }

    private static void field(MessageDigest sha, byte[] value) {
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(value.length).array());
        sha.update(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
