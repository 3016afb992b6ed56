package dev.sluice.domain.header;

import java.util.Locale;
import java.util.Set;

/**
 * The request headers that carry a secret: a provider's key, the gateway's token, a session. Their values are
 * never shown or stored as they are (a limit partitioned by one counts under a hash of its value).
 */
public final class CredentialHeaders {

    private static final Set<String> NAMES = Set.of("authorization", "proxy-authorization", "x-api-key", "api-key",
            "x-goog-api-key", "xi-api-key", "cf-aig-authorization", "cookie", "x-amz-security-token");

    private CredentialHeaders() {
    }

    public static boolean isCredential(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }
}
