package dev.sluice.domain.name;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern GATEWAY = Pattern.compile("[a-z0-9_]+(?:-[a-z0-9_]+)*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Test
    void hyphenatedWordsAreWordsJoinedBySingleHyphens() {
        assertThat(Names.isHyphenatedWords("workers-ai", 64, false)).isTrue();
        assertThat(Names.isHyphenatedWords("a", 64, false)).isTrue();
        assertThat(Names.isHyphenatedWords("my_gw-2", 64, true)).isTrue();
        assertThat(Names.isHyphenatedWords("my_gw", 64, false)).isFalse();
        assertThat(Names.isHyphenatedWords("", 64, true)).isFalse();
        assertThat(Names.isHyphenatedWords(null, 64, true)).isFalse();
        assertThat(Names.isHyphenatedWords("-a", 64, true)).isFalse();
        assertThat(Names.isHyphenatedWords("a-", 64, true)).isFalse();
        assertThat(Names.isHyphenatedWords("a--b", 64, true)).isFalse();
        assertThat(Names.isHyphenatedWords("A", 64, true)).isFalse();
        assertThat(Names.isHyphenatedWords("a".repeat(64), 64, true)).isTrue();
        assertThat(Names.isHyphenatedWords("a".repeat(65), 64, true)).isFalse();
    }

    @Test
    void wordsAreLettersDigitsUnderscoresAndHyphens() {
        assertThat(Names.isWord("Local_1-x", 64)).isTrue();
        assertThat(Names.isWord("-", 64)).isTrue();
        assertThat(Names.isWord("", 64)).isFalse();
        assertThat(Names.isWord(null, 64)).isFalse();
        assertThat(Names.isWord("a.b", 64)).isFalse();
        assertThat(Names.isWord("é", 64)).isFalse();
        assertThat(Names.isWord("a".repeat(64), 64)).isTrue();
        assertThat(Names.isWord("a".repeat(65), 64)).isFalse();
    }

    @Test
    void agreeWithTheRegularExpressionsTheyReplace() {
        Random random = new Random(18);
        String alphabet = "az09_-AZ.é/";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = value.toString();
            assertThat(Names.isHyphenatedWords(s, 64, false)).as(s).isEqualTo(SLUG.matcher(s).matches());
            assertThat(Names.isHyphenatedWords(s, 64, true)).as(s).isEqualTo(GATEWAY.matcher(s).matches());
            assertThat(Names.isWord(s, 64)).as(s).isEqualTo(WORD.matcher(s).matches());
        }
    }
}
