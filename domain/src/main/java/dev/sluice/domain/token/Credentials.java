package dev.sluice.domain.token;

import java.util.Collection;

/** Checks a presented token against the hashes that may accept it, touching every one of them. */
public final class Credentials {

    private Credentials() {
    }

    public static boolean anyMatches(Collection<TokenHash> accepted, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        TokenHash presentedHash = TokenHash.of(presented);
        boolean matched = false;
        for (TokenHash hash : accepted) {
            matched |= hash.sameAs(presentedHash);
        }
        return matched;
    }
}
