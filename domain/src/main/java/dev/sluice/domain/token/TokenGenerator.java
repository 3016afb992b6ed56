package dev.sluice.domain.token;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes new secret tokens: 256 bits from a secure random source, URL-safe, with a recognisable prefix. */
public final class TokenGenerator {

    private final SecureRandom random = new SecureRandom();
    private final String prefix;

    public TokenGenerator(String prefix) {
        this.prefix = prefix;
    }

    public String next() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
