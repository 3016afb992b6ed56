package dev.sluice.bootstrap;

import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LoopLocalSchedulerTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "fallback-timer"));
    private final LoopLocalScheduler scheduler = new LoopLocalScheduler(timer);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }

    @Test
    void aTaskScheduledOnAnEventLoopRunsOnThatLoop() throws Exception {
        Thread loopThread = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        loop.execute(() -> scheduler.schedule(() -> ranOn.complete(Thread.currentThread()), 5, TimeUnit.MILLISECONDS));
        assertThat(ranOn.get(5, TimeUnit.SECONDS)).isSameAs(loopThread);
    }

    @Test
    void aTaskScheduledElsewhereRunsOnTheFallbackTimer() throws Exception {
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        scheduler.schedule(() -> ranOn.complete(Thread.currentThread().getName()), 5, TimeUnit.MILLISECONDS);
        assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("fallback-timer");
    }

    @Test
    void aTaskCancelledFromAnotherThreadNeverRuns() throws Exception {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        ScheduledFuture<?> armed = loop.submit(() -> scheduler.schedule(() -> ran.complete(true), 200,
                TimeUnit.MILLISECONDS)).get(5, TimeUnit.SECONDS);
        assertThat(armed.cancel(false)).isTrue();
        Thread.sleep(400);
        assertThat(ran).isNotDone();
    }
}
