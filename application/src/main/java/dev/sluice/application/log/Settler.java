package dev.sluice.application.log;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Works out, as soon as they are recorded, the entries whose limits wait for their tokens and cost, on a thread of its
 * own beside the log writer: a spend reservation is then replaced by the real cost before the client's next request,
 * not when the writer is done with the batch before it (found by a probe: 5-8% of one-at-a-time requests to a tight
 * budget were refused on the last one's reservation). Bounded: an entry it has no room for is worked out by the writer
 * when it reaches it, as before.
 */
final class Settler implements AutoCloseable {

    private final BlockingQueue<Runnable> waiting;
    private final Thread thread;
    private volatile boolean closed;

    Settler(ThreadFactory threads, int capacity) {
        this.waiting = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.thread = threads.newThread(this::run);
        thread.setName("sluice-log-settle");
        thread.setDaemon(true);
        thread.start();
    }

    /** Works {@code work} out soon, unless too many are waiting already (their writer does it then). */
    void offer(Runnable work) {
        if (!closed) {
            waiting.offer(work);
        }
    }

    private void run() {
        while (!closed) {
            Runnable work;
            try {
                work = waiting.take();
            } catch (InterruptedException stopped) {
                return;
            }
            try {
                work.run();
            } catch (RuntimeException | Error failed) {
                // The writer works the entry out again when it reaches it, and handles what fails then.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
