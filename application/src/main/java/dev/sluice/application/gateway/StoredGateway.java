package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;

import java.util.Objects;

/**
 * A gateway as stored, with the revision of its row: every change raises it, and a change is written only
 * against the revision it was made from, so two concurrent changes never silently undo each other.
 */
public record StoredGateway(Gateway gateway, long revision) {

    public StoredGateway {
        Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * An opaque name of this version (HTTP's entity tag): the creation time and the revision, so a gateway
     * deleted and created again never repeats a tag its predecessor had.
     */
    public String versionTag() {
        return Long.toString(gateway.createdAt().toEpochMilli(), 36) + "-" + revision;
    }
}
