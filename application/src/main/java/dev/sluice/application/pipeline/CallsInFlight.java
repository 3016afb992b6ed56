package dev.sluice.application.pipeline;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider calls under way, and the pauses before retries, that a stopping process gives up together
 * before its server closes their clients' connections: each call is then answered with the gateway's own
 * 503 (2116) and logged, where the forced stop would have closed the client's connection with no answer
 * and no entry. An answer already streaming is not here: its client has its head, and the log ends it as
 * cut when it closes.
 */
public final class CallsInFlight {

    private final Set<Runnable> giveUps = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Gives up every call and pause under way; a call or retry asked for after this is refused at once. */
    public void giveUpAll() {
        stopping = true;
        for (Runnable giveUp : List.copyOf(giveUps)) {
            giveUp.run();
        }
    }

    /** Whether the process is stopping: a failure now is the stop's, and nothing is retried. */
    public boolean stopping() {
        return stopping;
    }

    /** Keeps {@code giveUp} until {@code work} ends, and runs it at once if the stop has already begun. */
    void watch(CompletableFuture<?> work, Runnable giveUp) {
        giveUps.add(giveUp);
        work.whenComplete((result, error) -> giveUps.remove(giveUp));
        if (stopping) {
            giveUp.run();
        }
    }

    /** How many calls and pauses are under way. */
    public int size() {
        return giveUps.size();
    }
}
