package dev.sluice.domain.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 with one digest per thread: tokens, cache keys, log shapes and rule ids are hashed on the request
 * path or the log writer's, and looking the algorithm up for each cost a provider search and its garbage.
 * Each call takes the digest whole (reset, fed, finished), so no call can see another's bytes.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    private Sha256() {
    }

    public static byte[] of(byte[] bytes) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest.digest(bytes);
    }

    /**
     * The digest of the fields, each preceded by its length (four bytes, big-endian), so that no two
     * different lists of fields hash the same bytes: ("ab", "c") and ("a", "bc") differ.
     */
    public static byte[] ofFields(byte[]... fields) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        byte[] length = new byte[Integer.BYTES];
        for (byte[] field : fields) {
            length[0] = (byte) (field.length >>> 24);
            length[1] = (byte) (field.length >>> 16);
            length[2] = (byte) (field.length >>> 8);
            length[3] = (byte) field.length;
            digest.update(length);
            digest.update(field);
        }
        return digest.digest();
    }
}
