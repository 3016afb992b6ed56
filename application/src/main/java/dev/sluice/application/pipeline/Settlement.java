package dev.sluice.application.pipeline;

import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.usage.TokenUsage;

import java.util.Optional;

/**
 * What an exchange owes its limits once it is over: the limits stage sets one, the log settles it. Each
 * method may be called more than once and from any thread; only the first settling call counts.
 */
public interface Settlement {

    Settlement NONE = new Settlement() {
        @Override
        public void ended() {
        }

        @Override
        public void measured(Optional<TokenUsage> tokens, Cost cost) {
        }

        @Override
        public void unmeasured() {
        }
    };

    /** The answer's body has ended (or no answer will come): what was in flight is no longer. */
    void ended();

    /** The exchange's tokens and cost are known. */
    void measured(Optional<TokenUsage> tokens, Cost cost);

    /** They never will be (the log could not take the entry): keep what was reserved. */
    void unmeasured();

    /**
     * Whether {@link #measured} changes what the exchange holds (a token count, a spend reservation replaced by the
     * real cost): the log then works them out at once rather than when its writer reaches the entry.
     */
    default boolean measures() {
        return false;
    }
}
