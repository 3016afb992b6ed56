package dev.sluice.adapters.http.json;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

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
}
