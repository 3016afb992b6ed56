package dev.sluice.application.planted;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** Planted: core code that makes threads of its own, openly and through the JDK's hidden pools. */
public final class ThreadStarter {

    public void start(Runnable task) {
        new Thread(task).start();
        Executors.newSingleThreadExecutor().submit(task);
        CompletableFuture.runAsync(task);
    }
}
