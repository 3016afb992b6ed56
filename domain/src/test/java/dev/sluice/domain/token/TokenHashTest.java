package dev.sluice.domain.token;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenHashTest {

    @Test
    void matchesOnlyTheTokenItWasMadeFrom() {
        TokenHash hash = TokenHash.of("secret-token");
        assertThat(hash.sameAs(TokenHash.of("secret-token"))).isTrue();
        assertThat(hash.sameAs(TokenHash.of("secret-tokem"))).isFalse();
        assertThat(hash.hex()).doesNotContain("secret").hasSize(64);
        assertThat(hash.toString()).doesNotContain(hash.hex());
    }

    @Test
    void generatedTokensAreLongRandomAndPrefixed() {
        TokenGenerator generator = new TokenGenerator("sluice_gw_");
        String first = generator.next();
        assertThat(first).startsWith("sluice_gw_").hasSizeGreaterThan(50);
        assertThat(generator.next()).isNotEqualTo(first);
    }

    @Test
    void credentialsAcceptAnyMatchingHash() {
        List<TokenHash> accepted = List.of(TokenHash.of("a"), TokenHash.of("b"));
        assertThat(Credentials.anyMatches(accepted, TokenHash.of("b"))).isTrue();
        assertThat(Credentials.anyMatches(accepted, TokenHash.of("c"))).isFalse();
        assertThat(Credentials.anyMatches(List.of(), TokenHash.of("a"))).isFalse();
    }

    @Test
    void hashesAreTheSameOnlyWhenEveryCharacterIs() {
        TokenHash hash = TokenHash.of("secret-token");
        String hex = hash.hex();
        String lastChanged = hex.substring(0, 63) + (hex.charAt(63) == '0' ? '1' : '0');
        String firstChanged = (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
        assertThat(hash.sameAs(new TokenHash(hex))).isTrue();
        assertThat(hash.sameAs(new TokenHash(lastChanged))).isFalse();
        assertThat(hash.sameAs(new TokenHash(firstChanged))).isFalse();
    }
}
