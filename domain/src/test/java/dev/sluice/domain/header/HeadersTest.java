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
    }

    @Test
    void keepingEveryLineIsTheSameHeaders() {
        assertThat(headers.keep(h -> true)).isSameAs(headers);
    }
}
