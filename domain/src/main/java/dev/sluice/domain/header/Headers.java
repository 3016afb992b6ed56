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

    public Headers keep(Predicate<Header> predicate) {
        return new Headers(all.stream().filter(predicate).toList());
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
