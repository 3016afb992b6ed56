package dev.sluice.application.log;

import dev.sluice.domain.usage.UsageReader;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UsageMeterTest {

    /** Counts words; the real tokenizer is tested with its adapter. */
    private final UsageMeter meter = new UsageMeter(new UsageReader(UsageMeterTest::json, List.of()), UsageMeterTest::json,
            (model, text) -> text.isBlank() ? 0 : text.strip().split("\\s+").length);

    /** Just enough JSON for these two bodies. */
    private static Map<String, Object> json(String text) {
        if (text.contains("\"usage\"")) {
            return Map.of("usage", Map.of("prompt_tokens", 12, "completion_tokens", 3));
        }
        if (text.contains("\"prompt\"")) {
            return Map.of("prompt", "one two three");
        }
        if (text.contains("\"response\"")) {
            return Map.of("result", Map.of("response", "four five"));
        }
        throw new IllegalArgumentException("not JSON");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reportedUsageWins() {
        assertThat(meter.measure("m", bytes("{\"prompt\":1}"), bytes("{\"usage\":1}")))
                .isEqualTo(TokenUsage.reported(12, 3));
    }

    @Test
    void withoutAReportTheTextIsCountedAndMarkedEstimated() {
        assertThat(meter.measure("m", bytes("{\"prompt\":1}"), bytes("{\"response\":1}")))
                .isEqualTo(new TokenUsage(3, 2, 0, 0, true));
        assertThat(meter.measure("m", bytes("garbage"), bytes("")))
                .isEqualTo(new TokenUsage(0, 0, 0, 0, true));
    }
}
