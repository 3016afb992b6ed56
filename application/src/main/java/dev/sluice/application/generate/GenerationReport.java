package dev.sluice.application.generate;

import dev.sluice.domain.generate.CacheComparison;
import dev.sluice.domain.generate.Generation;

import java.util.Objects;
import java.util.Optional;

/** The generation the caller gets, and the side-by-side measurement when compareCache was asked for. */
public record GenerationReport(Generation generation, Optional<CacheComparison> comparison) {

    public GenerationReport {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(comparison, "comparison");
    }
}
