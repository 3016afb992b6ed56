package dev.sluice.adapters.http.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameworkMessagesTest {

    @Test
    void bindingFailuresNameTheParameterWithoutJavaTypesOrParserSettings() {
        assertThat(FrameworkMessages.plain("Failed to convert argument [page] for value [abc] due to: For input string: \"abc\""))
                .isEqualTo("'page' is not valid: 'abc'");
        assertThat(FrameworkMessages.plain("Failed to convert argument [perPage] for value [abc] due to: x"))
                .as("the API's name for it").isEqualTo("'per_page' is not valid: 'abc'");
        assertThat(FrameworkMessages.plain("Cannot convert an iterable with more than 1 value to a non collection object"))
                .isEqualTo("a parameter that takes one value was given several");
        assertThat(FrameworkMessages.plain("Required argument [WebSocketSession session] not specified"))
                .startsWith("this URL is the universal endpoint");
        assertThat(FrameworkMessages.plain("Required argument [String name] not specified")).isEqualTo("'name' is required");
        assertThat(FrameworkMessages.plain("Failed to convert argument [body] for value [null] due to: Document nesting depth"
                + " (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"))
                .isEqualTo("the body is not valid: the JSON is nested deeper than 1000 levels");
        assertThat(FrameworkMessages.plain("Invalid JSON: Unexpected end-of-input: expected close marker for Object"
                + " (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1,"
                + " column: 1])"))
                .isEqualTo("Invalid JSON: Unexpected end-of-input: expected close marker for Object (start marker at line 1,"
                        + " column 1)");
        assertThat(FrameworkMessages.plain("gateway id must be 1 to 64 characters")).isEqualTo("gateway id must be 1 to 64 characters");
    }
}
