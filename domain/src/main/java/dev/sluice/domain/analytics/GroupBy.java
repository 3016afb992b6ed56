package dev.sluice.domain.analytics;

import java.util.Objects;

/** What an analytics report is broken down by: nothing, the provider, the model, or one metadata key's values. */
public record GroupBy(Dimension dimension, String metadataKey) {

    public enum Dimension { NONE, PROVIDER, MODEL, METADATA }

    public static final GroupBy NONE = new GroupBy(Dimension.NONE, "");
    public static final GroupBy PROVIDER = new GroupBy(Dimension.PROVIDER, "");
    public static final GroupBy MODEL = new GroupBy(Dimension.MODEL, "");

    public GroupBy {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(metadataKey, "metadataKey");
        if ((dimension == Dimension.METADATA) == metadataKey.isEmpty()) {
            throw new IllegalArgumentException("a metadata key goes with, and only with, grouping by metadata");
        }
    }

    public static GroupBy metadata(String key) {
        return new GroupBy(Dimension.METADATA, key);
    }

    public String wireName() {
        return switch (dimension) {
            case NONE -> "";
            case PROVIDER -> "provider";
            case MODEL -> "model";
            case METADATA -> "metadata." + metadataKey;
        };
    }
}
