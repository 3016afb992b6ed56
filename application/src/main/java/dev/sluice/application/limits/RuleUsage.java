package dev.sluice.application.limits;

import java.util.List;

/** A limit (the gateway's own rate limit is {@code rate_limiting}) and its counters as they stand. */
public record RuleUsage(String id, String count, String limit, long windowSeconds, String technique, boolean enabled,
                        List<PartitionUsage> counters) {
}
