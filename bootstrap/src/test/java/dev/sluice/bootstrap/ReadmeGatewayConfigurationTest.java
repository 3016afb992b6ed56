package dev.sluice.bootstrap;

import dev.sluice.domain.gateway.GatewayLimits;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration file example, read as a file is read, starts Sluice with every setting it shows. Found
 * by a probe: its spend limits stopped the start, since Micronaut hands a file's map over with each list in it twice
 * (the list and its items, {@code rules[0]}), and no file could set a spend rule.
 */
class ReadmeGatewayConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void theReadmesGatewayExampleStartsWithItsLimitsAndSpendLimits() throws Exception {
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(yaml.find()).as("the README's YAML example").isTrue();
        Map<String, Object> file = new YamlPropertySourceLoader().read("readme",
                new ByteArrayInputStream(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of("readme", file))
                .properties(Map.of("sluice.data-dir", dir.toString(), "micronaut.server.port", "-1"))
                .start()) {
            GatewayLimits limits = context.getBean(ConfiguredGateway.class, Qualifiers.byName("prod")).settings().limits();
            assertThat(limits.rules()).extracting(rule -> rule.id()).containsExactly("per-user");
            assertThat(limits.spendEnabled()).isTrue();
            assertThat(limits.spendRules()).singleElement().satisfies(rule -> {
                assertThat(rule.id()).isEqualTo("prod-agents");
                assertThat(rule.toString()).contains("prod").contains("agent_id");
            });
        }
    }

    /** Found by a probe: such a gateway read back with spend limits enabled and no rules, not as a new one's. */
    @Test
    void aFilesGatewayWithoutSpendLimitsHasANewGatewaysLimits() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("sluice.data-dir", dir.toString(), "micronaut.server.port", "-1",
                        "sluice.gateways.plain.cache-ttl", "60"))
                .start()) {
            assertThat(context.getBean(ConfiguredGateway.class, Qualifiers.byName("plain")).settings().limits())
                    .isEqualTo(dev.sluice.domain.gateway.GatewaySettings.defaults().limits());
        }
    }

    /** Found by a probe: the README lists logpush among a file's gateway settings, and a file that set it did not start. */
    @Test
    void aFilesGatewayTakesLogpushAndItsKey() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("sluice.data-dir", dir.toString(), "micronaut.server.port", "-1",
                        "sluice.gateways.pushed.logpush", "true",
                        "sluice.gateways.pushed.logpush-public-key", "-----BEGIN PUBLIC KEY-----abc"))
                .start()) {
            var settings = context.getBean(ConfiguredGateway.class, Qualifiers.byName("pushed")).settings();
            assertThat(settings.logpush()).isTrue();
            assertThat(settings.logpushPublicKey()).hasValue("-----BEGIN PUBLIC KEY-----abc");
        }
    }

    /** Items set one by one, as environment variables or properties set them, are the list in their order. */
    @Test
    void itemsWithoutTheirListAreTheListInOrder() {
        Object read = ConfiguredGateway.unindexed(Map.of("enabled", true, "rules[1]", Map.of("id", "b"),
                "rules[0]", Map.of("id", "a", "values[0]", "x")));
        assertThat(read).isEqualTo(Map.of("enabled", true,
                "rules", List.of(Map.of("id", "a", "values", List.of("x")), Map.of("id", "b"))));
    }
}
