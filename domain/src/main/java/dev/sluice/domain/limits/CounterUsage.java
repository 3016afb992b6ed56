package dev.sluice.domain.limits;

import java.time.Instant;

/** A counter as it stands: its partition ({@code ""} for none), what it holds, and when it next frees room. */
public record CounterUsage(String partition, long used, Instant reset) {
}
