package dev.sluice.domain.chat;

import java.util.Objects;
import java.util.Optional;

/** How the model samples its answer; an absent value is the provider's default. */
public record Sampling(Optional<Double> temperature, Optional<Double> topP, Optional<Integer> maxTokens,
                      Optional<Integer> n, Optional<Long> seed, Optional<Double> presencePenalty,
                      Optional<Double> frequencyPenalty) {

    public static final Sampling DEFAULTS = new Sampling(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Sampling {
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(topP, "topP");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(n, "n");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(presencePenalty, "presencePenalty");
        Objects.requireNonNull(frequencyPenalty, "frequencyPenalty");
    }

    /** How many choices were asked for: 1 unless {@code n} says more. */
    public int choices() {
        return n.orElse(1);
    }
}
