package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorSurface;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The first bytes of the request head being read, kept beneath the HTTP codec. A request line longer than {@code
 * micronaut.server.netty.max-initial-line-length} is refused by the codec, which keeps none of it (the request reads
 * as {@code GET /bad-request}), so the surface whose error body it is answered in is read here from the line's start,
 * as a request with too large headers is answered by its path. Only the event loop of its channel touches it.
 */
final class RequestLineStarts {

    /** Enough for a method and the start of a target that names its surface ({@code /client/v4/}, {@code /generate}). */
    static final int KEPT = 128;

    private final byte[] start = new byte[KEPT];
    private int length;

    /** A new request head begins: what was kept was another request's. */
    void restart() {
        length = 0;
    }

    /** Keeps the start of what arrived, up to {@link #KEPT} bytes a head; the buffer is left as it was. */
    void add(Object read) {
        if (read instanceof ByteBuf bytes && length < KEPT) {
            int taken = Math.min(KEPT - length, bytes.readableBytes());
            bytes.getBytes(bytes.readerIndex(), start, length, taken);
            length += taken;
        }
    }

    /**
     * The surface of the request line kept: its target after the method, once the empty lines and whitespace the codec
     * skips before a request line are skipped too; the data plane's when no target has begun.
     */
    ErrorSurface surface() {
        int at = 0;
        while (at < length && (Character.isWhitespace(start[at]) || Character.isISOControl(start[at]))) {
            at++;
        }
        while (at < length && start[at] != ' ') {
            at++;
        }
        int target = at + 1;
        if (target >= length) {
            return ErrorSurface.DATA_PLANE;
        }
        int end = target;
        while (end < length && start[end] != ' ') {
            end++;
        }
        return ErrorSurface.of(new String(start, target, end - target, StandardCharsets.ISO_8859_1));
    }
}
