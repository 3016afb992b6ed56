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

    public TokenHash {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a token hash is 64 hex characters");
        }
    }

    public static TokenHash of(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return new TokenHash(HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public boolean matches(String candidateToken) {
        return MessageDigest.isEqual(
                hex.getBytes(StandardCharsets.US_ASCII),
                of(candidateToken).hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "TokenHash[…]";
    }
}
