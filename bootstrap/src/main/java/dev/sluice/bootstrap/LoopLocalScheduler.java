package dev.sluice.bootstrap;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's timer. A task scheduled from a Netty event loop (nearly every one: a request's stages run on
 * the loop that read it) is kept by that loop, which runs it between its reads: scheduling and cancelling cost
 * a priority-queue insert and removal and wake no other thread. Every request arms an unread-body watchdog and
 * cancels it a moment later; on a timer thread of its own each of those woke that thread, a context switch
 * per request on a machine with two cores. A task scheduled from any other thread goes to the fallback
 * timer, as does everything once the loop is shutting down.
 */
final class LoopLocalScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledExecutorService fallback;

    LoopLocalScheduler(ScheduledExecutorService fallback) {
        this.fallback = fallback;
    }

    /**
     * The event loop of the calling thread (the fallback timer off a loop, or once the loop is shutting down): where
     * its tasks run, and where a call held back goes on.
     */
    ScheduledExecutorService here() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        return loop != null && !loop.isShuttingDown() ? loop : fallback;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return here().schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return here().schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return fallback.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return fallback.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        fallback.execute(command);
    }

    @Override
    public void shutdown() {
        fallback.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return fallback.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return fallback.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return fallback.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return fallback.awaitTermination(timeout, unit);
    }
}
