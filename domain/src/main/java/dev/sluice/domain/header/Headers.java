package dev.sluice.domain.header;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** An ordered list of header lines with case-insensitive lookup; repeated names are kept. */
public record Headers(List<Header> all) {

    public static final Headers EMPTY = new Headers(List.of());

    public Headers {
        all = List.copyOf(all);
    }

    public Optional<String> first(String name) {
        for (Header header : all) {
            if (header.is(name)) {
                return Optional.of(header.value());
            }
        }
        return Optional.empty();
    }

    /** The lines {@code predicate} keeps, in order; this same list when it keeps them all. */
    public Headers keep(Predicate<Header> predicate) {
        List<Header> kept = null;
        for (int i = 0; i < all.size(); i++) {
            Header header = all.get(i);
            boolean keep = predicate.test(header);
            if (!keep && kept == null) {
                kept = new ArrayList<>(all.size());
                kept.addAll(all.subList(0, i));
            } else if (keep && kept != null) {
                kept.add(header);
            }
        }
        return kept == null ? this : new Headers(kept);
    }

    public Headers with(String name, String value) {
        List<Header> copy = new ArrayList<>(all.size() + 1);
        for (Header header : all) {
            if (!header.is(name)) {
                copy.add(header);
            }
        }
        copy.add(new Header(name, value));
        return new Headers(copy);
    }
}
