package dev.sluice.adapters.http.json;

import dev.sluice.domain.json.JsonObjectReader;
import io.micronaut.json.JsonMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerdeJsonObjectReaderTest {

    private final SerdeJsonObjectReader reader = new SerdeJsonObjectReader(JsonMapper.createDefault());

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsATopLevelStringFieldPastLargeAndNestedValues() {
        String image = "A".repeat(25_000_000);
        byte[] body = bytes("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64," + image + "\"}},{\"model\":\"nested\"}]}],"
                + "\"temperature\":0.2,\"model\":\"gpt-4o\"}");
        assertThat(reader.readTopLevelString(body, "model")).contains("gpt-4o");
    }

    @Test
    void aFieldGivenTwiceIsReadAsItsLastValueAsProvidersReadItAndACutBodyAsFarAsItGoes() {
        assertThat(reader.readTopLevelString(bytes("{\"model\":\"free\",\"messages\":[],\"model\":\"gpt-4o\"}"),
                "model")).contains("gpt-4o");
        assertThat(reader.readTopLevelString(bytes("{\"model\":\"free\",\"mod\\u0065l\":\"gpt-4o\"}"), "model"))
                .contains("gpt-4o");
        assertThat(reader.readTopLevelString(bytes("{\"model\":\"gpt-4o\",\"messages\":[{\"content\":\"cut sh"),
                "model")).contains("gpt-4o");
    }

    @Test
    void answersNothingForAMissingOrNonStringFieldOrBytesThatAreNoObject() {
        assertThat(reader.readTopLevelString(bytes("{\"messages\":[]}"), "model")).isEmpty();
        assertThat(reader.readTopLevelString(bytes("{\"model\":42}"), "model")).isEmpty();
        assertThat(reader.readTopLevelString(bytes("[{\"model\":\"x\"}]"), "model")).isEmpty();
        assertThat(reader.readTopLevelString(bytes("data: {\"model\":\"x\"}"), "model")).isEmpty();
        assertThat(reader.readTopLevelString(bytes("{\"a\":"), "model")).isEmpty();
        assertThat(reader.readTopLevelString(new byte[0], "model")).isEmpty();
    }

    @Test
    void decodesTheValueAsJsonDoes() {
        assertThat(reader.readTopLevelString(bytes("{\"model\":\"caf\\u00e9 \\\"x\\\"\"}"), "model"))
                .contains("café \"x\"");
    }

    @Test
    void readsAnObjectWithoutItsArraysAsTheDefaultDoes() {
        String answer = "{\"id\":\"c-1\",\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"created\":1767225600,"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"details\":[1,2],"
                + "\"ratio\":0.5,\"cached\":true,\"none\":null,\"nested\":{\"deep\":{\"n\":3}}}}";
        var streamed = reader.readObjectWithoutArrays(answer);
        assertThat(streamed).containsOnlyKeys("id", "created", "usage");
        assertThat(streamed.get("usage")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("prompt_tokens", "completion_tokens", "ratio", "cached", "none", "nested")
                .containsEntry("prompt_tokens", 12).containsEntry("cached", true).containsEntry("ratio", 0.5);
        JsonObjectReader whole = reader::readObject;
        assertThat(streamed).isEqualTo(whole.readObjectWithoutArrays(answer));
        assertThat(reader.readObjectWithoutArrays(bytes(" \n" + answer))).as("from the bytes, as from the text")
                .isEqualTo(streamed);
    }

    @Test
    void refusesTextThatIsNoSingleObjectWhenReadingWithoutArrays() {
        for (String bad : new String[] {"[1]", "{\"a\":", "{} {}", "", "\"x\"", "{\"a\":1,}"}) {
            assertThatThrownBy(() -> reader.readObjectWithoutArrays(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reader.readObjectWithoutArrays(bytes(bad)))
                    .as(bad + " as bytes").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anObjectFollowedByAnythingIsNoObject() {
        for (String bad : new String[] {"{\"a\":1} trailing", "{\"a\":1}{}", "{\"a\":1} 2"}) {
            assertThatThrownBy(() -> reader.readObject(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(reader.readObject(" {\"a\":1} \n")).containsEntry("a", 1);
    }

    private boolean streams(String json) {
        return reader.readTopLevelTrue(bytes(json), "stream");
    }

    @Test
    void aTopLevelFlagIsTrueOnlyForTheLiteralTrueItsLastValueNamesAsAParserWould() {
        assertThat(streams("{\"stream\":true}")).isTrue();
        assertThat(streams(" {\n \"model\" : \"m\" ,\r\n\t\"stream\" :\ttrue \n}")).isTrue();
        assertThat(streams("{\"stream\":false}")).isFalse();
        assertThat(streams("{\"stream\":\"true\"}")).isFalse();
        assertThat(streams("{\"stream\":1}")).isFalse();
        assertThat(streams("{\"model\":\"m\"}")).isFalse();
        assertThat(streams("{\"stream\":true,\"stream\":false}")).as("the last of repeated keys").isFalse();
        assertThat(streams("{\"stream\":false,\"stream\":true}")).isTrue();
        assertThat(streams("{\"str\\u0065am\":true}")).as("a key written with escapes").isTrue();
        assertThat(streams("{\"options\":{\"stream\":true}}")).as("nested").isFalse();
        assertThat(streams("{\"messages\":[{\"stream\":true}],\"content\":\"\\\"stream\\\":true\"}")).isFalse();
    }

    @Test
    void aBodyThatIsNoWholeObjectHasNoFlag() {
        assertThat(streams("")).isFalse();
        assertThat(streams("[{\"stream\":true}]")).isFalse();
        assertThat(streams("{\"stream\":truely}")).isFalse();
        assertThat(streams("{\"stream\":true")).isFalse();
        assertThat(streams("{\"stream")).isFalse();
    }

    @Test
    void aFlagIsReadPastALargeBodyWithoutBuildingIt() {
        // Found by the cache probe: reading a custom-keyed request's stream flag parsed its whole body, and one 20 MB
        // request ran the 128 MB heap out (503).
        byte[] large = bytes("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(20_000_000)
                + "\"}],\"stream\":true}");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        reader.readTopLevelTrue(large, "stream");
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean streaming = reader.readTopLevelTrue(large, "stream");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(streaming).isTrue();
        assertThat(allocated).isLessThan(1_000_000);
    }
}
