package dev.sluice.domain.header;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeadersTest {

    private final Headers headers = new Headers(List.of(new Header("a", "1"), new Header("b", "2"),
            new Header("c", "3"), new Header("b", "4"), new Header("d", "5")));

    @Test
    void keepsTheLinesThePredicateKeepsInOrder() {
        assertThat(headers.keep(h -> !h.is("b")).all()).extracting(Header::value).containsExactly("1", "3", "5");
        assertThat(headers.keep(h -> !h.is("a")).all()).extracting(Header::value).containsExactly("2", "3", "4", "5");
        assertThat(headers.keep(h -> !h.is("d")).all()).extracting(Header::value).containsExactly("1", "2", "3", "4");
        assertThat(headers.keep(h -> false).all()).isEmpty();
        assertThat(headers.keep(h -> h.is("b")).all()).extracting(Header::value).containsExactly("2", "4");
        assertThat(headers.keep(h -> h.is("d")).all()).extracting(Header::value).containsExactly("5");
    }

    /** What the log keeps of every answer's headers is usually none of them: that costs no new list. */
    @Test
    void keepingNoLineIsTheEmptyHeaders() {
        assertThat(headers.keep(h -> false)).isSameAs(Headers.EMPTY);
        assertThat(headers.keep(h -> h.is("z"))).isSameAs(Headers.EMPTY);
    }

    @Test
    void keepingEveryLineIsTheSameHeaders() {
        assertThat(headers.keep(h -> true)).isSameAs(headers);
    }
}
