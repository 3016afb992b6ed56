package dev.sluice.adapters.store.log;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * How a log body is kept: zstd-compressed when that makes it smaller (JSON prompts and answers shrink
 * several times over), else as it came. The encoding is stored beside the bytes, so rows written before
 * compression existed (encoding 0) read as they always did, and a body that merely looks like a zstd frame
 * is never mistaken for one.
 */
final class BodyCodec {

    static final int RAW = 0;
    static final int ZSTD = 1;

    /** Below this a zstd frame's own overhead outweighs what it saves. */
    private static final int SMALLEST = 64;
    /** zstd's default: fast on the writer's thread, most of the gain of higher levels for JSON. */
    private static final int LEVEL = 3;

    /**
     * A compression context per thread (in practice the log writer's one thread), reused for every body:
     * creating one per body cost as much as the compression itself.
     */
    private static final ThreadLocal<ZstdCompressCtx> CONTEXT = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx context = new ZstdCompressCtx();
        context.setLevel(LEVEL);
        context.setContentSize(true);
        return context;
    });

    private BodyCodec() {
    }

    /** The bytes to store and their encoding. */
    record Stored(byte[] bytes, int encoding) {
    }

    static Stored encode(byte[] body) {
        if (body.length < SMALLEST) {
            return new Stored(body, RAW);
        }
        byte[] compressed = CONTEXT.get().compress(body);
        return compressed.length < body.length ? new Stored(compressed, ZSTD) : new Stored(body, RAW);
    }

    static byte[] decode(byte[] stored, int encoding) {
        return switch (encoding) {
            case RAW -> stored;
            case ZSTD -> decompress(stored);
            default -> throw new IllegalStateException("A log body in an unknown encoding: " + encoding);
        };
    }

    private static byte[] decompress(byte[] frame) {
        long size = Zstd.getFrameContentSize(frame);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalStateException("A stored log body is not a whole zstd frame");
        }
        return Zstd.decompress(frame, (int) size);
    }
}
