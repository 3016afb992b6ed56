package dev.sluice.domain.usage;

import java.util.Map;

/** Opens the tests' JSON reader to tests in other packages. */
public final class MiniJsonAccess {

    private MiniJsonAccess() {
    }

    public static Map<String, Object> parseObject(String text) {
        return MiniJson.parseObject(text);
    }
}
