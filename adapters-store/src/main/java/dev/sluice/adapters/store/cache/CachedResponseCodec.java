package dev.sluice.adapters.store.cache;

import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a cached response is kept as outside the process: a version tag, the status, the headers and
 * the body, length-prefixed. Binary rather than JSON so a body is stored byte for byte, without escaping.
 * A value this version cannot read is treated as absent.
 */
final class CachedResponseCodec {

    private static final int VERSION = 0x534C4331; // "SLC1"

    private CachedResponseCodec() {
    }

    /**
     * The value, made in one array of its exact size: the head written apart and the body copied in once (a stream
     * grown and then copied out held a 20 MB body three times over, and ran the 128 MB heap out).
     */
    static byte[] encode(CachedResponse response) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(head)) {
            out.writeInt(VERSION);
            out.writeShort(response.status());
            out.writeInt(response.headers().all().size());
            for (Header header : response.headers().all()) {
                out.writeUTF(header.name());
                out.writeUTF(header.value());
            }
            out.writeInt(response.body().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] value = new byte[head.size() + response.body().length];
        byte[] written = head.toByteArray();
        System.arraycopy(written, 0, value, 0, written.length);
        System.arraycopy(response.body(), 0, value, written.length, response.body().length);
        return value;
    }

    /** @throws IllegalArgumentException when the bytes are not a response this version wrote */
    static CachedResponse decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readInt() != VERSION) {
                throw new IllegalArgumentException("not a cached response of this version");
            }
            int status = in.readUnsignedShort();
            int count = in.readInt();
            List<Header> headers = new ArrayList<>(Math.min(count, 256));
            for (int i = 0; i < count; i++) {
                headers.add(new Header(in.readUTF(), in.readUTF()));
            }
            int length = in.readInt();
            if (length < 0 || length > value.length) {
                throw new IllegalArgumentException("body length out of range");
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return new CachedResponse(status, new Headers(headers), body);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable cached response", e);
        }
    }
}
