package dev.sluice.domain.planted;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Planted: a domain type that leans on Micronaut and is serialized. */
@Serdeable
public record FrameworkInDomain(@Nullable String value) {
}
