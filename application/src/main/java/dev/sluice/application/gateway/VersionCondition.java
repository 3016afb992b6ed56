package dev.sluice.application.gateway;

import java.util.Objects;
import java.util.Set;

/**
 * The versions a change may be made to (HTTP's {@code If-Match}): any version of an existing gateway, or
 * one of the named ones. A change to any other version is refused, so a client that read a gateway can
 * tell that somebody changed it since.
 */
public record VersionCondition(boolean anyVersion, Set<String> tags) {

    public VersionCondition {
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
    }

    public static VersionCondition any() {
        return new VersionCondition(true, Set.of());
    }

    public static VersionCondition oneOf(Set<String> tags) {
        return new VersionCondition(false, tags);
    }

    public boolean admits(StoredGateway current) {
        return anyVersion || tags.contains(current.versionTag());
    }
}
