package dev.sluice.adapters.store.log;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * How a log body is kept: zstd-compressed with Sluice's dictionary of the providers' wire formats when that
 * makes it smaller, else as it came. A chat body of a few hundred bytes repeats little within itself but
 * nearly all of its structure ({@code "choices":[{"index":0,"message":{"role":"assistant",…}) with every other
 * body; the dictionary holds that structure, so even small bodies shrink to a third. The encoding is stored
 * beside the bytes, so rows written before compression existed (0) and before the dictionary (1, plain zstd)
 * read as they always did, and a body that merely looks like a zstd frame is never mistaken for one.
 */
final class BodyCodec {

    static final int RAW = 0;
    /** zstd without a dictionary: what rows written before the dictionary hold. */
    static final int ZSTD = 1;
    /**
     * zstd with {@code bodies-v1.zdict} (trained by bench/TrainLogDictionary.java). Never retrain that file: a
     * better dictionary is a new file and a new encoding, and this one stays to read what was written with it.
     */
    static final int ZSTD_BODIES_V1 = 2;

    /** Below this even a frame with a dictionary gains nothing. */
    private static final int SMALLEST = 24;
    /** zstd's default: fast on the writer's thread, most of the gain of higher levels for JSON. */
    private static final int LEVEL = 3;

    private static final byte[] DICTIONARY = dictionary("bodies-v1.zdict");
    private static final ZstdDictCompress COMPRESS_V1 = new ZstdDictCompress(DICTIONARY, LEVEL);
    private static final ZstdDictDecompress DECOMPRESS_V1 = new ZstdDictDecompress(DICTIONARY);

    /**
     * A compression context per thread (only the log writer's one thread encodes), reused for every body:
     * creating one per body cost as much as the compression itself. The frame leaves out the dictionary's id
     * (the row's encoding names it) and keeps the content size (to size the buffer when reading).
     */
    private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx context = new ZstdCompressCtx();
        context.setLevel(LEVEL);
        context.setContentSize(true);
        context.setDictID(false);
        context.loadDict(COMPRESS_V1);
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
        byte[] compressed = COMPRESS.get().compress(body);
        return compressed.length < body.length ? new Stored(compressed, ZSTD_BODIES_V1) : new Stored(body, RAW);
    }

    static byte[] decode(byte[] stored, int encoding) {
        return switch (encoding) {
            case RAW -> stored;
            case ZSTD -> Zstd.decompress(stored, size(stored));
            // Read on request threads (virtual ones on Java 21): a context of their own would never be freed.
            case ZSTD_BODIES_V1 -> Zstd.decompress(stored, DECOMPRESS_V1, size(stored));
            default -> throw new IllegalStateException("A log body in an unknown encoding: " + encoding);
        };
    }

    private static int size(byte[] frame) {
        long size = Zstd.getFrameContentSize(frame);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalStateException("A stored log body is not a whole zstd frame");
        }
        return (int) size;
    }

    private static byte[] dictionary(String name) {
        try (InputStream in = BodyCodec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The log bodies' dictionary " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
