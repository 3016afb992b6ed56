package dev.sluice.domain.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a limit rule looks at in a request — its provider, its model, a {@code cf-aig-metadata}
 * field, a request header, or the gateway token used — either to filter (the rule applies only when the
 * value is one of {@code values}) or to partition (each value has its own counter).
 *
 * @param name the metadata field or header name; empty for the others
 */
public record LimitDimension(Kind kind, String name, Mode mode, List<String> values) {

    public enum Kind {
        PROVIDER, MODEL, METADATA, HEADER, TOKEN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Mode {
        FILTER, PARTITION;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LimitDimension {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        values = List.copyOf(values);
    }

    public static LimitDimension partition(Kind kind, String name) {
        return new LimitDimension(kind, name, Mode.PARTITION, List.of());
    }

    public static LimitDimension filter(Kind kind, String name, List<String> values) {
        return new LimitDimension(kind, name, Mode.FILTER, values);
    }

    /** How the request's value for this dimension is found. */
    @FunctionalInterface
    public interface Scope {
        Optional<String> value(Kind kind, String name);
    }

    /** {@code kind} or {@code kind.name}, as rules and keys spell it. */
    public String label() {
        return name.isEmpty() ? kind.wire() : kind.wire() + "." + name;
    }
}
