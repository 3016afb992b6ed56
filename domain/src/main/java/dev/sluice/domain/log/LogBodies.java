package dev.sluice.domain.log;

import java.util.Objects;

/**
 * The request and response bodies of a log entry, kept apart from its row. A body longer than the
 * gateway keeps is cut, and says so ({@code *Complete} false); {@code *Size} on the entry is the whole
 * length.
 */
public record LogBodies(byte[] request, boolean requestComplete, byte[] response, boolean responseComplete) {

    public LogBodies {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }
}
