package dev.sluice.application.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The estimates this process's calls in flight hold on each token or spend counter, until their real amounts settle
 * them. A request refused only because of them (the counter without them would take it) is told to come back in a
 * second, when they will have settled, rather than at the window's end (found by a probe: a budget refused a request on
 * the last one's reservation with {@code Retry-After: 1832}). Counters kept elsewhere (Redis) may hold other replicas'
 * estimates too, which this does not see: their refusals keep the window's end.
 */
final class Reservations {

    private final Map<String, Long> held = new ConcurrentHashMap<>();

    void hold(String counter, long amount) {
        if (amount > 0) {
            held.merge(counter, amount, Long::sum);
        }
    }

    void release(String counter, long amount) {
        if (amount > 0) {
            held.computeIfPresent(counter, (key, total) -> total - amount <= 0 ? null : total - amount);
        }
    }

    long of(String counter) {
        return held.getOrDefault(counter, 0L);
    }

    /** Counters with estimates held: for tests. */
    int counters() {
        return held.size();
    }
}
