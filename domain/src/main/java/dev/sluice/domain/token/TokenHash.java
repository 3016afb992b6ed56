package dev.sluice.domain.token;

import dev.sluice.domain.digest.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a token: all that is ever stored. Tokens are 256 random bits, so a fast hash is
 * enough; a password hash would only slow every request down. Comparison takes the same time whatever
 * the input, so response timing says nothing about how close a guess was.
 */
public record TokenHash(String hex) {

    private static final HexFormat HEX = HexFormat.of();

    public TokenHash {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a token hash is 64 hex characters");
        }
    }

    public static TokenHash of(String token) {
        return new TokenHash(HEX.formatHex(Sha256.of(token.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Whether the two are the same hash, in the same time whatever their contents (both are 64 characters:
     * the constructor sees to it).
     */
    public boolean sameAs(TokenHash other) {
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
