package dev.sluice.adapters.store.log;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import dev.sluice.application.log.ExchangeLog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

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
     * The direct buffers' first size: a chat body rarely needs more. A larger body grows them (to the next power of
     * two) up to {@link #DIRECT_MOST}, and they keep that size for the bodies after it.
     */
    static final int DIRECT_LIMIT = 64 * 1024;
    /**
     * Bodies above this (the log keeps up to {@code sluice.logs.max-body-size}, 1 MB unless configured larger) are
     * compressed from and to heap arrays, in a JNI critical region (see {@link Compressor}): two buffers of this
     * size are direct memory the writer holds for good, outside the heap's limit.
     */
    static final int DIRECT_MOST = 1024 * 1024;
    /**
     * The largest body a stored frame may declare: the most {@code sluice.logs.max-body-size} allows. A damaged
     * frame that declares more is refused, rather than allocating what it claims in a heap of 128 MB.
     */
    static final int LARGEST_BODY = ExchangeLog.Limits.LARGEST_BODY;

    /** A compressor per thread (only the log writer's one thread encodes), reused for every body. */
    private static final ThreadLocal<Compressor> COMPRESSOR = ThreadLocal.withInitial(Compressor::new);
    /**
     * Frees a compressor's native context once its thread has ended and the compressor is garbage: zstd-jni
     * frees it only on close, and each log writer (one per application context, many in a test run) would leave
     * one behind.
     */
    private static final Cleaner CONTEXTS = Cleaner.create(task -> {
        Thread thread = new Thread(task, "sluice-zstd-contexts");
        thread.setDaemon(true);
        return thread;
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
        byte[] compressed = COMPRESSOR.get().compress(body);
        return compressed.length < body.length ? new Stored(compressed, ZSTD_BODIES_V1) : new Stored(body, RAW);
    }

    /**
     * zstd's context and, for bodies up to {@link #DIRECT_MOST}, direct buffers to compress between. Compressing
     * a heap array holds it in a JNI critical region, and while any thread is in one the JVM defers garbage
     * collection (the GC locker): every other thread that needs the heap collected stalls until the region
     * ends. On two busy cores the writer was often descheduled inside one, and the event loops stalled for up
     * to 7.6 ms (docs/PERFORMANCE.md). Copying the body into a direct buffer and the frame out of one costs two
     * short copies and holds no critical region.
     *
     * <p>Creating a context per body cost as much as the compression itself. The frame leaves out the
     * dictionary's id (the row's encoding names it) and keeps the content size (to size the buffer when reading).
     */
    static final class Compressor {

        private final ZstdCompressCtx context = new ZstdCompressCtx();
        private ByteBuffer source;
        private ByteBuffer frame;

        Compressor() {
            context.setLevel(LEVEL);
            context.setContentSize(true);
            context.setDictID(false);
            context.loadDict(COMPRESS_V1);
            // The action holds the context, not the compressor, or the compressor would never become garbage.
            CONTEXTS.register(this, context::close);
            allocate(DIRECT_LIMIT);
        }

        byte[] compress(byte[] body) {
            if (body.length > source.capacity()) {
                if (body.length > DIRECT_MOST) {
                    return context.compress(body);
                }
                allocate(Integer.highestOneBit(body.length - 1) << 1);
            }
            source.clear();
            source.put(body);
            int size = context.compressDirectByteBuffer(frame, 0, frame.capacity(), source, 0, body.length);
            byte[] compressed = new byte[size];
            frame.get(0, compressed);
            return compressed;
        }

        int directCapacity() {
            return source.capacity();
        }

        /** Both or neither: a larger source beside a frame too small for it would fail every such body. */
        private void allocate(int capacity) {
            ByteBuffer larger = ByteBuffer.allocateDirect(capacity);
            frame = ByteBuffer.allocateDirect((int) Zstd.compressBound(capacity));
            source = larger;
        }
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
        if (size < 0) {
            throw new IllegalStateException("A stored log body is not a whole zstd frame");
        }
        if (size > LARGEST_BODY) {
            throw new IllegalStateException("A stored log body's frame declares " + size + " bytes, more than a log"
                    + " keeps (" + LARGEST_BODY + "): it is damaged");
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
