package dev.sluice.application.log;

import dev.sluice.application.pipeline.TappedBody;
import dev.sluice.domain.chat.ErrorEventScanner;
import dev.sluice.domain.exchange.TimeoutNotice;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Passes a response body on chunk by chunk, unchanged and without waiting, while keeping what the log
 * needs: the first {@code maxHead} bytes (the body kept with the entry) and, once the body is longer than
 * that, its last {@link KeptBytes#TAIL} bytes (where streams report their token usage). Each chunk also goes to a
 * scanner for error events, since a provider's error in the middle of a stream may be in neither (one for an answer
 * that is neither an event stream nor JSON reads nothing). When the body ends — cleanly, with an error, cancelled, or never read — the outcome
 * is handed over exactly once.
 */
public final class ObservedBody extends TappedBody implements TimeoutNotice {

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

    /** Keeps what the log needs of each chunk as it passes, and reads it for error events. */
    private final class Observer extends KeptBytes implements Tap {

        Observer() {
            super(maxHead);
        }

        @Override
        public void chunk(byte[] chunk) {
            errors.read(chunk);
            keep(chunk, chunk.length, true);
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
            byte[] kept = head();
            onEnd.accept(new Seen(kept, whole(), whole() ? kept : tail(), size(), clean, cancelled,
                    !clean && !cancelled && timedOut));
        }
    }
}
