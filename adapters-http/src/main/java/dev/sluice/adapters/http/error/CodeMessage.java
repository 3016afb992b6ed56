package dev.sluice.adapters.http.error;

import io.micronaut.serde.annotation.Serdeable;

/** One {@code {code, message}} entry of an error list. */
@Serdeable
public record CodeMessage(int code, String message) {
}
