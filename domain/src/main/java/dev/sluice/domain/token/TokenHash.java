package dev.sluice.domain.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a token: all that is ever stored. Tokens are 256 random bits, so a fast hash is
 * enough; a password hash would only slow every request down. Comparison takes the same time whatever
 * the input, so response timing says nothing about how close a guess was.
 */
public record TokenHash(String hex) {

    private static final HexFormat HEX = HexFormat.of();

    /** A digest per thread: looking SHA-256 up for every request cost a provider search and its garbage. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    public TokenHash {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a token hash is 64 hex characters");
        }
    }

    public static TokenHash of(String token) {
        return new TokenHash(HEX.formatHex(SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8))));
    }

    public boolean matches(String candidateToken) {
        return sameAs(of(candidateToken));
    }

    /** Whether the two are the same hash, in the same time whatever their contents. */
    public boolean sameAs(TokenHash other) {
        if (other.hex.length() != hex.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < hex.length(); i++) {
            difference |= hex.charAt(i) ^ other.hex.charAt(i);
        }
        return difference == 0;
    }

    @Override
    public String toString() {
        return "TokenHash[…]";
    }
}
