package dev.sluice.application.log;

import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry for the log store. An entry whose log is not kept ({@code keep} false: logging is off for
 * the gateway or the request) still counts in analytics. {@code cap} and {@code strategy} are the
 * gateway's {@code log_management} settings at the time of the request. {@code gatewayCreated} says which
 * gateway of its id the entry belongs to (one deleted and created again is another): when the gateway it was
 * answered by was created.
 */
public record LogWrite(LogEntry entry, Optional<LogBodies> bodies, boolean keep, OptionalLong cap,
                       LogManagementStrategy strategy, Instant gatewayCreated) {

    public LogWrite {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(bodies, "bodies");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(gatewayCreated, "gatewayCreated");
    }

    /** An entry whose gateway's creation is not known: its request's time stands for it (it came after). */
    public LogWrite(LogEntry entry, Optional<LogBodies> bodies, boolean keep, OptionalLong cap,
                    LogManagementStrategy strategy) {
        this(entry, bodies, keep, cap, strategy, entry.createdAt());
    }
}
