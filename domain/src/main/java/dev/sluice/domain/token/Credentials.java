package dev.sluice.domain.token;

import java.util.Collection;

/** Checks a presented token against the hashes that may accept it, touching every one of them. */
public final class Credentials {

    private Credentials() {
    }

    /** Whether one of {@code accepted} is the presented token's hash; the caller refuses an empty token first. */
    public static boolean anyMatches(Collection<TokenHash> accepted, TokenHash presented) {
        boolean matched = false;
        for (TokenHash hash : accepted) {
            matched |= hash.sameAs(presented);
        }
        return matched;
    }
}
