package dev.sluice.application.log;

import dev.sluice.application.pipeline.TappedBody;
import dev.sluice.domain.chat.ErrorEventScanner;
import dev.sluice.domain.exchange.TimeoutNotice;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Passes a response body on chunk by chunk, unchanged and without waiting, while keeping what the log
 * needs: the first {@code maxHead} bytes (the body kept with the entry) and, once the body is longer than
 * that, its last {@link #TAIL} bytes (where streams report their token usage). Each chunk also goes to a scanner
 * for error events, since a provider's error in the middle of a stream may be in neither (one for an answer that is
 * no event stream reads nothing). When the body ends — cleanly, with an error, cancelled, or never read — the outcome
 * is handed over exactly once.
 */
public final class ObservedBody extends TappedBody implements TimeoutNotice {

    static final int TAIL = 64 * 1024;

    /** What was seen of a body. {@code head} is the whole body when {@code complete}. */
    public record Seen(byte[] head, boolean complete, byte[] tail, long size, boolean clean, boolean cancelled,
                       boolean timedOut) {

        public Seen(byte[] head, boolean complete, byte[] tail, long size, boolean clean) {
            this(head, complete, tail, size, clean, false, false);
        }

        public static final Seen NOTHING = new Seen(new byte[0], true, new byte[0], 0, false);

        /** The bytes to read token usage from: the whole body when we have it, else its end. */
        byte[] forUsage() {
            return complete ? head : tail;
        }
    }

    private final int maxHead;
    private final ErrorEventScanner errors;
    private final Consumer<Seen> onEnd;
    private volatile Future<?> watchdog;
    private volatile Set<ObservedBody> inFlight;
    private volatile boolean timedOut;

    /** @param errors reads each chunk as it passes; asked once the body has ended */
    public ObservedBody(Flow.Publisher<byte[]> body, int maxHead, ErrorEventScanner errors, Consumer<Seen> onEnd) {
        super(body);
        this.maxHead = maxHead;
        this.errors = errors;
        this.onEnd = seen -> {
            Set<ObservedBody> tracked = inFlight;
            if (tracked != null) {
                tracked.remove(this);
            }
            onEnd.accept(seen);
        };
    }

    /** Kept in {@code inFlight} until it ends, so that a stop can {@link #cutNow() cut} it rather than lose it. */
    ObservedBody tracked(Set<ObservedBody> inFlight) {
        this.inFlight = inFlight;
        inFlight.add(this);
        return this;
    }

    /** Ends it now as cut short (or as never read), if it has not ended: the process is stopping. */
    void cutNow() {
        if (!abandonIfUnread()) {
            endNow();
        }
    }

    /**
     * Reports the body as never read if nobody starts reading it within {@code limit}: the client may
     * have left between the gateway's check and the server's write, and then the server never reads it.
     * The timer is cancelled (and removed, with a remove-on-cancel executor) as soon as reading starts.
     */
    public ObservedBody watch(ScheduledExecutorService timer, Duration limit) {
        watchdog = timer.schedule(this::abandonIfUnread, limit.toMillis(), TimeUnit.MILLISECONDS);
        if (claimed()) {
            watchdog.cancel(false);
        }
        return this;
    }

    /** Reports the body as never read, if nobody has started reading it (the client left early). */
    boolean abandonIfUnread() {
        if (claimUnread()) {
            onEnd.accept(Seen.NOTHING);
            return true;
        }
        return false;
    }

    /** Its reader gave up waiting for it: the cancel that follows is a timeout, not the client leaving. */
    @Override
    public void timedOut() {
        timedOut = true;
    }

    @Override
    protected void reading() {
        Future<?> timer = watchdog;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    protected Tap tap() {
        return new Observer();
    }

    private final class Observer implements Tap {

        /**
         * The first {@code maxHead} bytes, in an array sized to what came (a body of one chunk within it is that
         * chunk's own array, handed on as it is).
         */
        private byte[] head = new byte[0];
        private int headLength;
        private byte[] tail;
        private int tailLength;
        private int tailStart;
        private long size;

        @Override
        public void chunk(byte[] chunk) {
            errors.read(chunk);
            size += chunk.length;
            int room = maxHead - headLength;
            if (room > 0) {
                keep(chunk, Math.min(room, chunk.length));
            }
            if (size > maxHead) {
                if (tail == null) {
                    tail = new byte[TAIL];
                    append(head, Math.max(0, headLength - TAIL), headLength);
                    append(chunk, Math.min(chunk.length, room > 0 ? room : 0), chunk.length);
                } else {
                    append(chunk, 0, chunk.length);
                }
            }
        }

        private void keep(byte[] chunk, int length) {
            if (headLength == 0 && length == chunk.length) {
                // A first chunk kept whole is kept as it is, not copied: chunks are never written to once passed on
                // (the cache keeps them the same way), and a later chunk makes the head grow into a new array.
                head = chunk;
                headLength = length;
                return;
            }
            if (headLength + length > head.length) {
                int grown = head.length == 0 ? length : Math.max(headLength + length, head.length * 2);
                head = Arrays.copyOf(head, Math.min(maxHead, grown));
            }
            System.arraycopy(chunk, 0, head, headLength, length);
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

        private byte[] tailBytes() {
            if (tail == null) {
                return new byte[0];
            }
            byte[] out = new byte[tailLength];
            for (int i = 0; i < tailLength; i++) {
                out[i] = tail[(tailStart + i) % TAIL];
            }
            return out;
        }

        @Override
        public void end(boolean clean) {
            seen(clean, false);
        }

        @Override
        public void cancelled() {
            seen(false, !timedOut);
        }

        private void seen(boolean clean, boolean cancelled) {
            byte[] kept = headLength == head.length ? head : Arrays.copyOf(head, headLength);
            onEnd.accept(new Seen(kept, size <= maxHead, size <= maxHead ? kept : tailBytes(), size, clean,
                    cancelled, !clean && !cancelled && timedOut));
        }
    }
}
