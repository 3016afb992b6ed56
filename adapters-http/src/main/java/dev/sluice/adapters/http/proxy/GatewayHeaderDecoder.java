package dev.sluice.adapters.http.proxy;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.HeaderText;
import dev.sluice.domain.header.Headers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.netty.NettyHttpHeaders;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the request's headers into the domain's, reading the gateway's own {@code cf-aig-*} values as
 * UTF-8. Netty decodes header bytes as ISO-8859-1, one char per byte, so metadata with accents or emoji
 * arrives as mojibake: its bytes are recovered and decoded strictly, and a value whose bytes are not
 * UTF-8 is a 400 naming the header, before anything is sent upstream. A {@code cf-aig-*} header (or its deprecated
 * alias, {@code cf-cache-ttl}, {@code cf-skip-cache}) given twice with different values is a 400 too: each is read
 * once, and which one counts would be a guess.
 * Every other header is kept as it came, since it goes to the provider byte for byte.
 */
public final class GatewayHeaderDecoder {

    private GatewayHeaderDecoder() {
    }

    /**
     * Reads Netty's headers in the order they came where the server gives them (Micronaut's {@code forEach} made a list
     * of each name's values on every request), any other kind name by name.
     */
    public static Headers decode(HttpHeaders headers) {
        if (headers instanceof NettyHttpHeaders netty) {
            Decoded decoded = new Decoded(netty.getNettyHeaders().size());
            Iterator<Map.Entry<String, String>> entries = netty.getNettyHeaders().iteratorAsString();
            while (entries.hasNext()) {
                Map.Entry<String, String> entry = entries.next();
                decoded.add(entry.getKey(), entry.getValue());
            }
            return new Headers(decoded.all);
        }
        Decoded decoded = new Decoded(10);
        headers.forEach((name, values) -> values.forEach(value -> decoded.add(name, value)));
        return new Headers(decoded.all);
    }

    /** The headers decoded so far, and the first value of each gateway header, to compare a repeated one with. */
    private static final class Decoded {
        private final List<Header> all;
        private Map<String, String> gateways;

        /** @param expected how many lines are coming, so that the list is made once at its size */
        Decoded(int expected) {
            this.all = new ArrayList<>(expected);
        }

        void add(String name, String value) {
            if (HeaderForwarding.isGatewayHeader(name) || isAlias(name)) {
                gateways = gateways == null ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : gateways;
                String first = gateways.putIfAbsent(name, value);
                if (first != null && !first.equals(value)) {
                    throw givenTwice(name);
                }
            }
            all.add(new Header(name, gatewayValue(name, value)));
        }
    }

    /** The refusal of a gateway header given twice with different values: which one counts would be a guess. */
    public static GatewayException givenTwice(String name) {
        return new GatewayException(ErrorCode.INVALID_HEADER, name.toLowerCase(Locale.ROOT)
                + " is given more than once with different values; send it once");
    }

    /** Cloudflare's deprecated names of two cf-aig-* headers, held to the same rules. */
    private static boolean isAlias(String name) {
        return name.equalsIgnoreCase("cf-cache-ttl") || name.equalsIgnoreCase("cf-skip-cache");
    }

    /**
     * A header's value as the gateway reads it: a {@code cf-aig-*} one as UTF-8 (a 400 naming it when its bytes are
     * not), any other as it came.
     */
    public static String gatewayValue(String name, String value) {
        if (!HeaderForwarding.isGatewayHeader(name)) {
            return value;
        }
        Optional<String> text = HeaderText.utf8(value);
        if (text.isPresent()) {
            return text.get();
        }
        if (value.chars().anyMatch(c -> c > 0xFF)) {
            return value; // not one char per byte: whatever read this header decoded it already
        }
        throw new GatewayException(ErrorCode.INVALID_HEADER, name.toLowerCase(Locale.ROOT) + " is not valid UTF-8");
    }
}
