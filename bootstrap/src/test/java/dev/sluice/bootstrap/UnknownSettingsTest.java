package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.naming.NameUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys {@link UnknownSettings} knows are the README table's and every configuration record's: a key added to one
 * and not the others fails here, not a start that refuses a setting Sluice has.
 */
class UnknownSettingsTest {

    private final UnknownSettings settings = new UnknownSettings(List.of("openai", "anthropic", "workers-ai"));

    @Test
    void theKnownKeysAreTheReadmeTablesFixedKeys() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(sluice\\.[a-z0-9.-]+)`((?: / `\\.[a-z0-9-]+`)*) \\|")
                .matcher(Files.readString(Path.of("..", "README.md")));
        while (row.find()) {
            documented.add(row.group(1));
            String stem = row.group(1).substring(0, row.group(1).lastIndexOf('.'));
            Matcher more = Pattern.compile("`(\\.[a-z0-9-]+)`").matcher(row.group(2));
            while (more.find()) {
                documented.add(stem + more.group(1));
            }
        }
        documented.removeIf(key -> key.startsWith("sluice.pricing.") || key.startsWith("sluice.providers.")
                || key.startsWith("sluice.gateways."));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(UnknownSettings.KEYS);
    }

    @Test
    void everyConfigurationRecordsComponentIsAKnownKey() {
        for (Class<?> type : List.of(SluiceConfiguration.class, CacheConfiguration.class, DatabaseConfiguration.class,
                GenerateConfiguration.class, MockConfiguration.class, LogConfiguration.class, LimitsConfiguration.class)) {
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            for (RecordComponent component : type.getRecordComponents()) {
                assertThat(UnknownSettings.KEYS).contains(prefix + "." + NameUtils.hyphenate(component.getName()));
            }
        }
    }

    @Test
    void keysAreReadAsMicronautReadsThem() {
        assertThat(UnknownSettings.normal("sluice.logs.maxBodySize")).isEqualTo("sluice.logs.max-body-size");
        assertThat(UnknownSettings.normal("sluice.logs.max_body_size")).isEqualTo("sluice.logs.max-body-size");
        assertThat(UnknownSettings.normal("sluice.gateways.g.limits[0].id")).isEqualTo("sluice.gateways.g.limits.id");
        assertThat(settings.known("sluice.providers.openai.base-url")).isTrue();
        assertThat(settings.known("sluice.providers.custom-mine.base-url")).isTrue();
        assertThat(settings.known("sluice.providers.openai.base-uri")).isFalse();
        assertThat(settings.known("sluice.pricing.openai.gpt-4.1.cache-write-1h")).isTrue();
        assertThat(settings.known("sluice.gateways.anything.at-all")).isTrue(); // ConfigurationCheck's, field by field
    }

    /** A variable is only warned of: Kubernetes gives a service named sluice variables of its own. */
    @Test
    void variablesThatNameNoSettingAreFoundWithTheNearestOne() {
        assertThat(settings.unknownVariables(Map.of("SLUICE_LIMTS_REDIS_URL", "x", "SLUICE_SERVICE_HOST", "10.0.0.1",
                "SLUICE_LIMITS_REDIS_URL", "x", "SLUICE_PROVIDERS_CUSTOM_MY_LLM_BASE_URL", "x",
                "SLUICE_GATEWAYS_PROD_CACHE_TTL", "5", "PATH", "/bin", "SLUICE_PROVIDERS_OPENAI_BASE_URL", "x")))
                .containsExactly("SLUICE_LIMTS_REDIS_URL (did you mean SLUICE_LIMITS_REDIS_URL?)", "SLUICE_SERVICE_HOST");
    }

    @Test
    void theValueKeysInTheCodeAreKnown() throws IOException {
        Pattern value = Pattern.compile("\\$\\{(sluice\\.[a-z0-9.-]+)");
        try (Stream<Path> sources = Stream.of("../bootstrap", "../adapters-http").map(Path::of)
                .flatMap(UnknownSettingsTest::javaFiles)) {
            sources.forEach(file -> {
                try {
                    Matcher found = value.matcher(Files.readString(file));
                    while (found.find()) {
                        assertThat(UnknownSettings.KEYS).as(file.toString()).contains(found.group(1));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static Stream<Path> javaFiles(Path module) {
        try {
            return Files.walk(module.resolve("src/main")).filter(file -> file.toString().endsWith(".java")).toList()
                    .stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
