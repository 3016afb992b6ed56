package dev.sluice.application.generate;

import dev.sluice.domain.generate.CacheComparison;
import dev.sluice.domain.generate.Generation;

import java.util.Objects;
import java.util.Optional;

/**
 * The generation the caller gets, the side-by-side measurement when compareCache was asked for, and which
 * model answered: 0 for the requested one, {@code n} for the n-th of its fallbacks.
 */
public record GenerationReport(Generation generation, Optional<CacheComparison> comparison, int step) {

    public GenerationReport(Generation generation, Optional<CacheComparison> comparison) {
        this(generation, comparison, 0);
    }

    public GenerationReport {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(comparison, "comparison");
    }
}
