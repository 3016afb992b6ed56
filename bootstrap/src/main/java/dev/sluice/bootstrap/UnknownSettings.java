package dev.sluice.bootstrap;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.naming.NameUtils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code sluice.*} keys Sluice does not have. Micronaut binds only the keys it is asked for, so a misspelt one
 * ({@code sluice.limts.redis-url}, {@code sluice.providers.opnai.base-url}, {@code sluice.logs.max-body-szie}) was
 * ignored without a word, and its feature ran on the default: limits counted in each replica alone, a provider
 * called at its public URL. A key in a configuration file, a system property or an argument is refused with the
 * others {@link ConfigurationCheck} finds, with the nearest known key. An environment variable is only warned of:
 * the environment holds variables no one wrote for Sluice (Kubernetes gives a service named {@code sluice}
 * {@code SLUICE_PORT} and {@code SLUICE_SERVICE_HOST}).
 */
final class UnknownSettings {

    /** Every fixed key, as the README's table lists them ({@code UnknownSettingsTest} holds the two together). */
    static final Set<String> KEYS = Set.of(
            "sluice.account-id", "sluice.data-dir", "sluice.admin-token", "sluice.upstream-timeout",
            "sluice.server.max-control-body-size", "sluice.server.max-parsed-body-size",
            "sluice.server.request-body-budget", "sluice.server.parsed-body-budget", "sluice.server.header-timeout",
            "sluice.server.body-stall-timeout",
            "sluice.workers-ai.account-id", "sluice.workers-ai.api-token",
            "sluice.cache.redis-url", "sluice.cache.redis-timeout", "sluice.cache.max-bytes", "sluice.cache.max-entry-size",
            "sluice.cache.capture-budget", "sluice.cache.follower-wait",
            "sluice.generate.gateway", "sluice.generate.default-model", "sluice.generate.cache-ttl",
            "sluice.generate.gateway-token", "sluice.generate.remote-url", "sluice.generate.remote-account-id",
            "sluice.logs.max-body-size", "sluice.logs.queue-capacity", "sluice.logs.max-queued-bytes",
            "sluice.logs.batch-size", "sluice.logs.hold-requests-above", "sluice.logs.max-hold",
            "sluice.logs.flush-interval", "sluice.logs.max-retry-pause", "sluice.logs.shutdown-grace",
            "sluice.logs.max-metric-models", "sluice.logs.analytics-window",
            "sluice.database.url", "sluice.database.username", "sluice.database.password", "sluice.database.pool-size",
            "sluice.database.refresh-interval", "sluice.database.connection-timeout", "sluice.database.quick-check",
            "sluice.database.lock-wait",
            "sluice.limits.redis-url", "sluice.limits.redis-timeout", "sluice.limits.default-output-tokens",
            "sluice.mock.latency", "sluice.mock.chunk-delay");

    /** A model's prices: {@code sluice.pricing.<provider>.<model>.<price>}, the model's name maybe with dots. */
    private static final Pattern PRICE = Pattern.compile("sluice\\.pricing\\.[^.]+\\..+\\."
            + "(input|output|cache-read|cache-write|cache-write-1h)");
    /** A gateway's settings, which {@link ConfigurationCheck} checks field by field. */
    private static final String GATEWAYS = "sluice.gateways.";
    private static final Pattern PROVIDER = Pattern.compile("sluice\\.providers\\.([^.]+)\\.base-url");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private final Set<String> providers;

    /** @param providers the slugs a base URL may be set for; {@code custom-*} ones besides */
    UnknownSettings(Collection<String> providers) {
        this.providers = Set.copyOf(providers);
    }

    /** The keys that no Sluice setting has, from the sources other than the environment's variables. */
    List<String> problems(Environment environment) {
        Set<String> unknown = new TreeSet<>();
        for (PropertySource source : environment.getPropertySources()) {
            if (source.getName().equals(EnvironmentPropertySource.NAME)) {
                continue;
            }
            for (String name : source) {
                String key = normal(name);
                if (key.startsWith("sluice.") && !known(key)) {
                    unknown.add(key);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (String key : unknown) {
            problems.add(key + " is not a Sluice setting" + nearest(key).map(near -> " (did you mean " + near + "?)")
                    .orElse(" (README, \"Configuration\", lists them)"));
        }
        return problems;
    }

    /** The environment's {@code SLUICE_*} variables that name no setting, each with the nearest one's variable. */
    List<String> unknownVariables(Map<String, String> variables) {
        List<String> found = new ArrayList<>();
        for (String name : new TreeSet<>(variables.keySet())) {
            if (name.startsWith("SLUICE_") && !knownVariable(name)) {
                found.add(name + nearestVariable(name).map(near -> " (did you mean " + near + "?)").orElse(""));
            }
        }
        return found;
    }

    boolean known(String key) {
        if (KEYS.contains(key) || key.startsWith(GATEWAYS) || PRICE.matcher(key).matches()) {
            return true;
        }
        var provider = PROVIDER.matcher(key);
        return provider.matches() && (providers.contains(provider.group(1)) || provider.group(1).startsWith("custom-"));
    }

    private boolean knownVariable(String name) {
        if (name.startsWith("SLUICE_GATEWAYS_") || name.startsWith("SLUICE_PRICING_")
                || name.matches("SLUICE_PROVIDERS_CUSTOM_[A-Z0-9_]+_BASE_URL")) {
            return true;
        }
        for (String key : allKeys()) {
            if (ConfigurationCheck.Checks.variable(key).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The fixed keys and each provider's base URL: what a misspelt key is compared with. */
    private List<String> allKeys() {
        List<String> all = new ArrayList<>(KEYS);
        providers.forEach(slug -> all.add("sluice.providers." + slug + ".base-url"));
        return all;
    }

    private Optional<String> nearest(String key) {
        return closest(key, allKeys());
    }

    private Optional<String> nearestVariable(String name) {
        return closest(name, allKeys().stream().map(ConfigurationCheck.Checks::variable).toList());
    }

    /** The candidate within a few edits of the text (a letter left out, two swapped, a wrong word ending). */
    private static Optional<String> closest(String text, List<String> candidates) {
        String best = null;
        int fewest = Math.max(2, text.length() / 6) + 1;
        for (String candidate : candidates) {
            int edits = distance(text, candidate);
            if (edits < fewest) {
                fewest = edits;
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein's distance, with a swap of two neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * A key as Micronaut reads it: each part in kebab case ({@code maxBodySize} and {@code max_body_size} are
     * {@code max-body-size}), a list's index left off.
     */
    static String normal(String name) {
        String[] parts = INDEX.matcher(name).replaceAll("").split("\\.", -1);
        StringBuilder key = new StringBuilder();
        for (String part : parts) {
            if (!key.isEmpty()) {
                key.append('.');
            }
            key.append(NameUtils.hyphenate(part.replace('_', '-'), true).toLowerCase(Locale.ROOT));
        }
        return key.toString();
    }
}
