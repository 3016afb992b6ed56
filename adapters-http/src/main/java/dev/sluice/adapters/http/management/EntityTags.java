package dev.sluice.adapters.http.management;

import dev.sluice.application.gateway.VersionCondition;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import io.micronaut.core.annotation.Nullable;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway's version as an HTTP entity tag, and {@code If-Match} read as RFC 9110 §13.1.1 defines it:
 * {@code *}, or a comma-separated list of entity tags compared strongly (a weak tag {@code W/"…"} never
 * matches). A header that is not of that grammar is refused with a 400 rather than ignored, so a typo
 * never turns a conditional update into an unconditional one.
 */
final class EntityTags {

    /** One list member: an optional weak prefix, a quoted tag of RFC 9110's etagc characters, a separator. */
    private static final Pattern MEMBER = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"\\s*(,|$)");

    private EntityTags() {
    }

    static String of(String versionTag) {
        return "\"" + versionTag + "\"";
    }

    static Optional<VersionCondition> ifMatch(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.equals("*")) {
            return Optional.of(VersionCondition.any());
        }
        Set<String> strong = new HashSet<>();
        Matcher member = MEMBER.matcher(value);
        // Empty list members (",,", also before the first) are allowed by the list syntax, and ignored (§5.6.1).
        int at = pastEmptyMembers(value, 0);
        boolean any = false;
        while (at < value.length()) {
            if (!member.find(at) || member.start() != at || member.end() == member.start()) {
                throw malformed();
            }
            any = true;
            if (member.group(1) == null) {
                strong.add(member.group(2));
            }
            at = pastEmptyMembers(value, member.end());
        }
        if (!any) {
            throw malformed();
        }
        return Optional.of(VersionCondition.oneOf(strong));
    }

    private static int pastEmptyMembers(String value, int from) {
        int at = from;
        while (at < value.length() && (value.charAt(at) == ',' || Character.isWhitespace(value.charAt(at)))) {
            at++;
        }
        return at;
    }

    private static GatewayException malformed() {
        return new GatewayException(ErrorCode.INVALID_HEADER,
                "If-Match must be * or a list of quoted entity tags, like the ETag a GET of the gateway returns");
    }
}
