package dev.sluice.application.log;

import java.util.Arrays;

/**
 * What the log keeps of a body as its bytes pass: the first {@code maxHead} bytes, in an array sized to what came,
 * and, once the body is longer than that, its last {@link #TAIL} bytes in a ring (where streams report their token
 * usage); and how many bytes there were. Both the answer watched on the request path ({@link ObservedBody}) and an
 * answer decoded on the writer ({@link CodedAnswers}) keep theirs so. Not thread-safe: one body, one reader.
 */
class KeptBytes {

    static final int TAIL = 64 * 1024;

    private final int maxHead;
    private byte[] head = new byte[0];
    private int headLength;
    private byte[] tail;
    private int tailLength;
    private int tailStart;
    private long size;

    KeptBytes(int maxHead) {
        this.maxHead = maxHead;
    }

    /**
     * Keeps the first {@code length} bytes of {@code bytes}. {@code owned}: the array is never written to again, so
     * that a first chunk kept whole may be kept as it is rather than copied (chunks passed on are not; a buffer read
     * into again is).
     */
    final void keep(byte[] bytes, int length, boolean owned) {
        size += length;
        int room = maxHead - headLength;
        if (room > 0) {
            keepHead(bytes, Math.min(room, length), owned && length == bytes.length);
        }
        if (size > maxHead) {
            if (tail == null) {
                tail = new byte[TAIL];
                append(head, Math.max(0, headLength - TAIL), headLength);
                append(bytes, Math.min(length, Math.max(room, 0)), length);
            } else {
                append(bytes, 0, length);
            }
        }
    }

    final long size() {
        return size;
    }

    /** Whether the head holds the whole body. */
    final boolean whole() {
        return size <= maxHead;
    }

    final byte[] head() {
        return headLength == head.length ? head : Arrays.copyOf(head, headLength);
    }

    /** The body's last {@link #TAIL} bytes once it outgrew the head; none before. */
    final byte[] tail() {
        if (tail == null) {
            return new byte[0];
        }
        byte[] out = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            out[i] = tail[(tailStart + i) % TAIL];
        }
        return out;
    }

    private void keepHead(byte[] bytes, int length, boolean asItIs) {
        if (headLength == 0 && asItIs && length == bytes.length) {
            // Kept as it is, not copied; a later chunk makes the head grow into a new array.
            head = bytes;
            headLength = length;
            return;
        }
        if (headLength + length > head.length) {
            int grown = head.length == 0 ? length : Math.max(headLength + length, head.length * 2);
            head = Arrays.copyOf(head, Math.min(maxHead, grown));
        }
        System.arraycopy(bytes, 0, head, headLength, length);
        headLength += length;
    }

    /** Appends bytes to the ring that holds the last {@link #TAIL} bytes. */
    private void append(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length >= TAIL) {
            System.arraycopy(bytes, to - TAIL, tail, 0, TAIL);
            tailStart = 0;
            tailLength = TAIL;
            return;
        }
        int writeAt = (tailStart + tailLength) % TAIL;
        int first = Math.min(length, TAIL - writeAt);
        System.arraycopy(bytes, from, tail, writeAt, first);
        System.arraycopy(bytes, from + first, tail, 0, length - first);
        int overflow = tailLength + length - TAIL;
        if (overflow > 0) {
            tailStart = (tailStart + overflow) % TAIL;
            tailLength = TAIL;
        } else {
            tailLength += length;
        }
    }
}
