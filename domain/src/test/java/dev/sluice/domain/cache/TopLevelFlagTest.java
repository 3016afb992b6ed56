package dev.sluice.domain.cache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TopLevelFlagTest {

    private static boolean streams(String json) {
        return TopLevelFlag.isTrue(json.getBytes(StandardCharsets.UTF_8), "stream");
    }

    @Test
    void findsTheTopLevelLiteralTrueAsAParserWould() {
        assertThat(streams("{\"stream\":true}")).isTrue();
        assertThat(streams(" {\n \"model\" : \"m\" ,\r\n\t\"stream\" :\ttrue \n}")).isTrue();
        assertThat(streams("{\"stream\":false}")).isFalse();
        assertThat(streams("{\"stream\":\"true\"}")).isFalse();
        assertThat(streams("{\"stream\":truely}")).isFalse();
        assertThat(streams("{\"stream\":1}")).isFalse();
        assertThat(streams("{\"model\":\"m\"}")).isFalse();
        assertThat(streams("{\"stream\":true,\"stream\":false}")).as("the last of repeated keys").isFalse();
        assertThat(streams("{\"stream\":false,\"stream\":true}")).isTrue();
        assertThat(streams("{\"str\\u0065am\":true}")).as("a key written with escapes").isTrue();
    }

    @Test
    void stepsOverNestedValuesAndStrings() {
        assertThat(streams("{\"options\":{\"stream\":true}}")).isFalse();
        assertThat(streams("{\"messages\":[{\"stream\":true},[\"stream\",{\"x\":1}]]}")).isFalse();
        assertThat(streams("{\"content\":\"\\\"stream\\\":true, {[\",\"stream\":true}")).isTrue();
        assertThat(streams("{\"content\":\"\\\\\",\"stream\":true}")).isTrue();
        assertThat(streams("{\"a\":{\"b\":[1,{\"c\":\"}\"}]},\"stream\":true}")).isTrue();
    }

    @Test
    void aBodyThatIsNoObjectHasNoSuchField() {
        assertThat(streams("")).isFalse();
        assertThat(streams("[{\"stream\":true}]")).isFalse();
        assertThat(streams("\"stream\":true")).isFalse();
        assertThat(streams("{\"stream\":tru")).isFalse();
        assertThat(streams("{\"stream")).isFalse();
        assertThat(streams("{\"str\\u00")).isFalse();
    }
}
