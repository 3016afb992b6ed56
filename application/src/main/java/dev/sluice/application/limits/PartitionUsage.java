package dev.sluice.application.limits;

import java.time.Instant;

/**
 * One counter of a limit: its partition ({@code ""} when the rule has none), what it holds and what remains
 * in the rule's units (dollars for spend), and when it next frees room.
 */
public record PartitionUsage(String partition, String used, String remaining, Instant reset) {
}
