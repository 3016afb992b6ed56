package dev.sluice.adapters.http.edge;

import dev.sluice.domain.error.ErrorCode;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Iterator;
import java.util.Optional;

/**
 * What RFC 9112 asks of a request's version and {@code Host} that the HTTP codec does not check itself: it took any
 * {@code HTTP/x.y}, and Micronaut answered {@code HTTP/2.7} and {@code HTTP/0.9} as HTTP/1.1 in their own version,
 * and an HTTP/1.1 request without a {@code Host} normally.
 * <ul>
 *   <li>A major version other than 1, or a protocol other than HTTP ({@code FOO/1.1}), is refused with 400 (2121)
 *   (RFC 9110 §15.6.6).</li>
 *   <li>A higher minor version ({@code HTTP/1.9}) is read as HTTP/1.1, the highest minor version Sluice implements, as
 *   RFC 9110 §2.5 asks of a recipient, and is answered in HTTP/1.1 (it was answered as {@code HTTP/1.9}).</li>
 *   <li>An HTTP/1.1 request without a {@code Host}, any request with more than one, or one whose value is not a
 *   {@code host[:port]} is refused with 400 (RFC 9112 §3.2).</li>
 *   <li>A {@code Transfer-Encoding} other than {@code chunked} alone, on one line or several, is refused with 400
 *   (RFC 9112 §6.3: a body whose last coding is not chunked has no length to read, and chunked may not be applied
 *   twice). The codec read {@code chunked} followed by {@code identity} on a second line as chunked, where an
 *   intermediary that takes the last coding reads the body otherwise: the split request smuggling needs.</li>
 * </ul>
 */
final class RequestHeads {

    /** Why a request's head is refused, with its status, code and message. */
    enum Refusal {
        VERSION(ErrorCode.HTTP_VERSION_NOT_SUPPORTED, ErrorCode.HTTP_VERSION_NOT_SUPPORTED.defaultMessage()),
        NO_HOST(ErrorCode.INVALID_HEADER, "An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2)"),
        HOSTS(ErrorCode.INVALID_HEADER, "A request must carry one Host header, not several (RFC 9112 §3.2)"),
        BAD_HOST(ErrorCode.INVALID_HEADER, "The Host header must be a host name or address with an optional port"
                + " (RFC 9112 §3.2)"),
        TRANSFER_CODING(ErrorCode.INVALID_HEADER, "Transfer-Encoding must be chunked alone, given once (RFC 9112 §6.3)"),
        MALFORMED(ErrorCode.INVALID_HEADER, "The request's head is malformed: every header line must be a name, a colon"
                + " and a value without control characters (RFC 9112 §5)");

        final ErrorCode code;
        final String message;

        Refusal(ErrorCode code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    /** The characters of RFC 3986's host and port: unreserved, percent escapes, sub-delims, ':' and IPv6's brackets. */
    private static final boolean[] HOST_CHARS = new boolean[128];

    static {
        for (char c : ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:[]")
                .toCharArray()) {
            HOST_CHARS[c] = true;
        }
    }

    /** What Netty's codec names a request whose request line it could not read. */
    private static final String BAD_REQUEST_URI = "/bad-request";

    private RequestHeads() {
    }

    /**
     * Why a request the codec could not read is refused here: a malformed header line (no colon, a control character).
     * One whose head is too large is none (Micronaut answers it, 431), and neither is one whose request line could not
     * be read at all, which has no path to choose an error body by.
     */
    static Optional<Refusal> unreadable(HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        return cause instanceof TooLongFrameException || request.uri().equals(BAD_REQUEST_URI) ? Optional.empty()
                : Optional.of(Refusal.MALFORMED);
    }

    /** Why the request is refused, if it is; a higher HTTP/1 minor version is set to HTTP/1.1 on the way. */
    static Optional<Refusal> refusal(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        boolean http11 = HttpVersion.HTTP_1_1.equals(version);
        if (!http11 && !HttpVersion.HTTP_1_0.equals(version)) {
            if (version.majorVersion() != 1 || !"HTTP".equals(version.protocolName())) {
                return Optional.of(Refusal.VERSION);
            }
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
            http11 = true;
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) && !chunkedAlone(request)) {
            return Optional.of(Refusal.TRANSFER_CODING);
        }
        Iterator<String> hosts = request.headers().valueStringIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return http11 ? Optional.of(Refusal.NO_HOST) : Optional.empty();
        }
        String host = hosts.next();
        if (hosts.hasNext()) {
            return Optional.of(Refusal.HOSTS);
        }
        return validHost(host) ? Optional.empty() : Optional.of(Refusal.BAD_HOST);
    }

    /** Whether the request's transfer codings, over all its Transfer-Encoding lines, are one {@code chunked}. */
    private static boolean chunkedAlone(HttpRequest request) {
        int codings = 0;
        for (String line : request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : line.split(",", -1)) {
                if (codings++ > 0 || !coding.trim().equalsIgnoreCase("chunked")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An empty Host is allowed: RFC 9112 §3.2 asks for one when the target has no authority. */
    private static boolean validHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 128 || !HOST_CHARS[c]) {
                return false;
            }
        }
        return true;
    }
}
