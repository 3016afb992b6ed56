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

    /**
     * The lines {@code predicate} keeps, in order: this same list when it keeps them all, {@link #EMPTY} when it keeps
     * none; in either case nothing is allocated.
     */
    public Headers keep(Predicate<Header> predicate) {
        int firstDropped = 0;
        while (firstDropped < all.size() && predicate.test(all.get(firstDropped))) {
            firstDropped++;
        }
        if (firstDropped == all.size()) {
            return this;
        }
        List<Header> kept = firstDropped == 0 ? null : new ArrayList<>(all.subList(0, firstDropped));
        for (int i = firstDropped + 1; i < all.size(); i++) {
            Header header = all.get(i);
            if (predicate.test(header)) {
                if (kept == null) {
                    kept = new ArrayList<>(all.size() - i);
                }
                kept.add(header);
            }
        }
        return kept == null ? EMPTY : new Headers(kept);
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
