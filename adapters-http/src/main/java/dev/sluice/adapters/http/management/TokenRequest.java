package dev.sluice.adapters.http.management;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of a token creation: an optional name to recognise the token by. */
@Serdeable
record TokenRequest(@Nullable String name) {
}
