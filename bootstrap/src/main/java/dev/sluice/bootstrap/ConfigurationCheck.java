package dev.sluice.bootstrap;

import dev.sluice.application.gateway.ProviderFilters;
import dev.sluice.application.log.ExchangeLog;
import dev.sluice.application.log.IntakeGate;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.ConversionService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses to start on a setting that cannot mean what its operator wrote. Micronaut binds a value it cannot convert
 * ({@code abc} for a number, {@code maybe} for a boolean) as absent, so the default (or {@code false}) took its place
 * silently: an unconvertible log body size kept 1 MB, an {@code authentication: maybe} gateway was left open. And some
 * values convert but break the feature they set (a negative upstream timeout made every request a 500, a zero flush
 * interval a busy loop). Each problem is named with its key and environment variable, all at once.
 */
@Context
final class ConfigurationCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationCheck.class);

    private static final Set<String> GATEWAY_BOOLEANS = Set.of("cache-invalidate-on-update", "collect-logs",
            "authentication", "logpush");
    private static final Set<String> GATEWAY_NUMBERS = Set.of("cache-ttl", "rate-limiting-interval",
            "rate-limiting-limit", "log-management", "retry-max-attempts", "retry-delay");
    private static final java.util.regex.Pattern LIST_VARIABLE =
            java.util.regex.Pattern.compile("SLUICE_GATEWAYS_.+_(LIMITS_\\d+|SPEND_LIMITS)(_.*)?");
    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(\\d+)((?i:KB|MB|GB))?");
    /** What Micronaut converts to a boolean (and a YAML {@code yes} already is one). */
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n");
    private static final Set<String> GATEWAY_OTHERS = Set.of("rate-limiting-technique", "log-management-strategy",
            "retry-backoff", "limits", "spend-limits", "logpush-public-key");

    ConfigurationCheck(Environment environment, List<ConfiguredGateway> gateways, ProviderFactory.Profiles profiles) {
        List<String> problems = new Checks(environment).all();
        ProviderFilters filters = new ProviderFilters(ProviderFactory.served(environment, profiles));
        UnknownSettings unknown = new UnknownSettings(profiles.all().stream().map(profile -> profile.slug().value())
                .toList());
        problems.addAll(unknown.problems(environment));
        List<String> variables = unknown.unknownVariables(System.getenv());
        if (!variables.isEmpty()) {
            LOG.warn("These environment variables name no Sluice setting and are ignored: {}",
                    String.join(", ", variables));
        }
        for (ConfiguredGateway gateway : gateways) {
            settingsProblem(gateway, filters).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new Refused("Sluice cannot start with this configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /**
     * What the management API would refuse in a configuration file's gateway (a negative limit, a rule without its
     * window), named by its key and variable: the start used to fail on it with the API's field name alone, no gateway,
     * and a stack trace. The API's message starts with its field ({@code limits[0].limit must be …}).
     */
    private static Optional<String> settingsProblem(ConfiguredGateway gateway, ProviderFilters filters) {
        try {
            filters.check(GatewaySettings.defaults(), gateway.settings());
            return Optional.empty();
        } catch (GatewayException refused) {
            String prefix = "sluice.gateways." + gateway.name();
            String message = refused.getMessage();
            int space = message.indexOf(' ');
            String field = space < 0 ? "" : message.substring(0, space);
            if (!field.matches("[a-z_]+(\\[\\d+]|\\.[a-z_]+)*")) {
                return Optional.of(prefix + ": " + message);
            }
            String key = prefix + "." + field.replace('_', '-');
            return Optional.of(key + " (" + Checks.variable(key) + ")" + message.substring(space));
        }
    }

    /** The settings' problems, all at once: the operator's to mend, said without the start's stack trace. */
    static final class Refused extends ConfigurationException {
        Refused(String message) {
            super(message);
        }
    }

    /** One pass over the settings, gathering every problem. */
    static final class Checks {

        private final Environment environment;
        private final List<String> problems = new ArrayList<>();

        Checks(Environment environment) {
            this.environment = environment;
        }

        List<String> all() {
            positive("sluice.upstream-timeout");
            positive("sluice.server.header-timeout");
            positive("sluice.server.body-stall-timeout");
            positive("sluice.cache.redis-timeout");
            if (!raw("sluice.cache.follower-wait").equals(raw("sluice.upstream-timeout"))) {
                notNegative("sluice.cache.follower-wait"); // by default the upstream timeout's, checked above
            }
            notNegative("sluice.generate.cache-ttl");
            positive("sluice.logs.flush-interval");
            positive("sluice.logs.max-retry-pause");
            notNegative("sluice.logs.shutdown-grace");
            positive("sluice.logs.analytics-window");
            maxHold();
            positive("sluice.database.refresh-interval");
            positive("sluice.database.connection-timeout");
            notNegative("sluice.database.lock-wait");
            positive("sluice.limits.redis-timeout");
            notNegative("sluice.mock.latency");
            notNegative("sluice.mock.chunk-delay");
            whole("sluice.server.max-control-body-size", 1, Integer.MAX_VALUE);
            whole("sluice.server.max-parsed-body-size", 1, Long.MAX_VALUE);
            whole("sluice.server.parsed-body-budget", 1, Long.MAX_VALUE);
            requestBodyBudget();
            whole("sluice.cache.max-bytes", 0, Long.MAX_VALUE);
            whole("sluice.cache.max-entry-size", 0, Long.MAX_VALUE);
            whole("sluice.cache.capture-budget", 0, Long.MAX_VALUE);
            whole("sluice.logs.max-body-size", 0, ExchangeLog.Limits.LARGEST_BODY);
            whole("sluice.logs.queue-capacity", 1, Integer.MAX_VALUE);
            whole("sluice.logs.max-queued-bytes", 0, Long.MAX_VALUE);
            whole("sluice.logs.batch-size", 1, Integer.MAX_VALUE);
            holdMark();
            whole("sluice.logs.max-metric-models", 0, Integer.MAX_VALUE);
            whole("sluice.database.pool-size", 1, Integer.MAX_VALUE);
            whole("sluice.limits.default-output-tokens", 1, Integer.MAX_VALUE);
            bool("sluice.database.quick-check");
            raw("sluice.database.url").filter(url -> !url.isEmpty() && !url.startsWith("jdbc:postgresql:")
                    && !url.startsWith("jdbc:sqlite:")).ifPresent(url -> problem("sluice.database.url",
                    url.replaceAll("\\?.*", "?…"), "must be a jdbc:postgresql: URL (or jdbc:sqlite: and a file), or be"
                            + " left out for the embedded file"));
            micronaut();
            problems.addAll(listsInVariables(System.getenv()));
            for (String slug : environment.getPropertyEntries("sluice.providers")) {
                raw("sluice.providers." + slug + ".base-url").filter(url -> !url.isEmpty())
                        .ifPresent(url -> baseUrl("sluice.providers." + slug + ".base-url", url));
            }
            ProviderFactory.customProvidersFromEnvironment(System.getenv())
                    .forEach((slug, url) -> baseUrl("sluice.providers." + slug + ".base-url", url));
            for (String gateway : environment.getPropertyEntries("sluice.gateways")) {
                gateway("sluice.gateways." + gateway);
            }
            return problems;
        }

        /**
         * A configuration file's gateway: its booleans and numbers as the management API would take them, and no
         * setting it does not have (a misspelt {@code rate-limitng-limit} left the gateway without its limit).
         */
        private void gateway(String prefix) {
            for (String field : environment.getPropertyEntries(prefix)) {
                String kebab = field.replace('_', '-').replaceAll("[\\[.].*", "");
                if (!knownGatewayField(kebab)) {
                    problems.add(prefix + "." + field + " is not a gateway setting (they are "
                            + String.join(", ", new java.util.TreeSet<>(allGatewaySettings())) + ")");
                    continue;
                }
                if (kebab.equals("limits") || kebab.equals("spend-limits")) {
                    continue; // their shapes: below
                }
                if (GATEWAY_BOOLEANS.contains(kebab)) {
                    raw(prefix + "." + field).filter(value -> !BOOLEAN_WORDS.contains(value.toLowerCase(Locale.ROOT)))
                            .ifPresent(value -> problem(prefix + "." + field, value, "must be true or false"));
                } else if (GATEWAY_NUMBERS.contains(kebab)) {
                    raw(prefix + "." + field).filter(value -> !value.isEmpty() && parseLong(value).isEmpty())
                            .ifPresent(value -> problem(prefix + "." + field, value, "must be a whole number"));
                }
            }
            limitsShape(prefix);
        }

        /**
         * {@code limits} a list of rules and {@code spend-limits} an object (its {@code enabled} and {@code rules}), as
         * the management API takes them: given as another shape (one rule without the list, the rules without
         * {@code rules:}), the gateway started with no limits at all, and no word of it.
         */
        private void limitsShape(String prefix) {
            String limits = prefix + ".limits";
            Optional<Object> list = environment.getProperty(limits, Object.class);
            if (list.filter(value -> !(value instanceof List<?>)).isPresent()
                    || list.isEmpty() && !environment.getPropertyEntries(limits).isEmpty()) {
                problems.add(limits + " (" + variable(limits) + ") must be a list of rules, each written '- id: …'");
            }
            String spend = prefix + ".spend-limits";
            if (environment.getProperty(spend, Object.class).filter(value -> !(value instanceof Map<?, ?>)).isPresent()) {
                problems.add(spend + " (" + variable(spend) + ") must be an object with 'enabled' and a list of"
                        + " 'rules'");
            }
        }

        /**
         * An absolute http(s) URL with a host ({@code {placeholders}} aside): {@code notaurl} was taken and every request
         * then failed as "could not reach null", and {@code ftp://} was called over HTTP.
         */
        private void baseUrl(String key, String url) {
            URI parsed;
            try {
                parsed = new URI(url.trim().replaceAll("\\{[^}]*}", "x"));
            } catch (URISyntaxException e) {
                parsed = null;
            }
            String scheme = parsed == null || parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (parsed == null || !(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null) {
                problem(key, url, "must be an http:// or https:// URL with a host");
            }
        }

        /**
         * A setting, or the start of one: Micronaut splits an environment variable at each underscore, so
         * {@code SLUICE_GATEWAYS_CACHED_CACHE_TTL} also names a field {@code cache} of gateway {@code cached}.
         */
        static boolean knownGatewayField(String kebab) {
            for (String setting : allGatewaySettings()) {
                if (setting.equals(kebab) || setting.startsWith(kebab + "-")) {
                    return true;
                }
            }
            return false;
        }

        private static Set<String> allGatewaySettings() {
            Set<String> all = new java.util.HashSet<>(GATEWAY_BOOLEANS);
            all.addAll(GATEWAY_NUMBERS);
            all.addAll(GATEWAY_OTHERS);
            return all;
        }

        /**
         * The framework's keys the README's table lists: a value Micronaut cannot convert stopped the start with its
         * injection's stack trace (68 frames for {@code MICRONAUT_SERVER_PORT=abc}) rather than this one line.
         */
        private void micronaut() {
            whole("micronaut.server.port", -1, 65535);
            // Micronaut's request buffer follows it (application.yml), and a buffer's size is an int below its largest.
            bytes("micronaut.server.max-request-size", Integer.MAX_VALUE - 1);
            bytes("micronaut.server.netty.max-header-size", Integer.MAX_VALUE);
            bytes("micronaut.server.netty.max-initial-line-length", Integer.MAX_VALUE);
            bytes("micronaut.http.client.max-header-size", Integer.MAX_VALUE);
            duration("micronaut.server.idle-timeout");
            notNegative("micronaut.lifecycle.graceful-shutdown.grace-period");
            whole("micronaut.http.client.pool.max-concurrent-http1-connections", Integer.MIN_VALUE, Integer.MAX_VALUE);
            whole("micronaut.http.client.pool.max-pending-connections", Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        /**
         * A gateway's limits or spend limits set by environment variables, which they cannot be: Micronaut reads
         * {@code SLUICE_GATEWAYS_G_LIMITS_0_ID} as no list at all (the rule was dropped without a word) and a spend
         * rule's as a field {@code rules[0]id} (the start failed naming a field no one wrote).
         */
        static List<String> listsInVariables(Map<String, String> variables) {
            return variables.keySet().stream().filter(LIST_VARIABLE.asMatchPredicate()).sorted()
                    .map(name -> name + " sets a gateway's limits or spend limits, which are lists of rules: write them in"
                            + " a configuration file (MICRONAUT_CONFIG_FILES), each rule as '- id: …'")
                    .toList();
        }

        /** A size as Micronaut reads one: a whole number of bytes, or of {@code KB}, {@code MB} or {@code GB}. */
        private void bytes(String key, long max) {
            Optional<String> raw = raw(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return;
            }
            java.util.regex.Matcher size = SIZE.matcher(raw.get());
            if (!size.matches()) {
                problem(key, raw.get(), "is not a size in bytes (such as 16384, 64KB or 25MB)");
                return;
            }
            long unit = size.group(2) == null ? 1 : switch (size.group(2).toUpperCase(Locale.ROOT)) {
                case "KB" -> 1L << 10;
                case "MB" -> 1L << 20;
                default -> 1L << 30;
            };
            Optional<Long> count = parseLong(size.group(1));
            if (count.isEmpty() || count.get() > max / unit) {
                problem(key, raw.get(), "must be at most " + max + " bytes");
            }
        }

        /** The bodies in flight must have room for one of the largest a request may send, or it is never admitted. */
        private void requestBodyBudget() {
            String key = "sluice.server.request-body-budget";
            whole(key, 1, Long.MAX_VALUE);
            Optional<Long> budget = raw(key).flatMap(Checks::parseLong).filter(value -> value >= 1);
            Optional<Long> largest = environment.getProperty("micronaut.server.max-request-size", Long.class);
            if (budget.isPresent() && largest.isPresent() && budget.get() < largest.get()) {
                problem(key, raw(key).orElse(""), "must be at least micronaut.server.max-request-size (" + largest.get()
                        + "), or a body of that size is never admitted");
            }
        }

        /** No request waits longer than a writer may go without a batch before it counts as stuck. */
        private void maxHold() {
            String key = "sluice.logs.max-hold";
            duration(key).ifPresent(value -> {
                if (value.isNegative() || value.isZero()) {
                    problem(key, raw(key).orElse(""), "must be longer than zero");
                } else if (value.compareTo(IntakeGate.STALLED_AFTER) > 0) {
                    problem(key, raw(key).orElse(""), "must be at most " + IntakeGate.STALLED_AFTER.toMillis()
                            + "ms (past it the log writer counts as stuck)");
                }
            });
        }

        /** A mark at or past the queue's capacity would hold nothing before the queue is full. */
        private void holdMark() {
            String key = "sluice.logs.hold-requests-above";
            whole(key, 0, Integer.MAX_VALUE);
            Optional<Long> mark = raw(key).flatMap(Checks::parseLong).filter(value -> value >= 1);
            long capacity = raw("sluice.logs.queue-capacity").flatMap(Checks::parseLong)
                    .orElse(Long.parseLong(LogConfiguration.QUEUE_CAPACITY));
            if (mark.isPresent() && mark.get() >= capacity) {
                problem(key, raw(key).orElse(""), "must be below sluice.logs.queue-capacity (" + capacity
                        + "), by at least as many requests as may be under way at once");
            }
        }

        private void positive(String key) {
            duration(key).filter(value -> value.isNegative() || value.isZero())
                    .ifPresent(value -> problem(key, raw(key).orElse(""), "must be longer than zero"));
        }

        private void bool(String key) {
            raw(key).filter(value -> !BOOLEAN_WORDS.contains(value.toLowerCase(Locale.ROOT)))
                    .ifPresent(value -> problem(key, value, "must be true or false"));
        }

        private void notNegative(String key) {
            duration(key).filter(Duration::isNegative)
                    .ifPresent(value -> problem(key, raw(key).orElse(""), "must not be negative"));
        }

        private Optional<Duration> duration(String key) {
            Optional<String> raw = raw(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return Optional.empty();
            }
            Optional<Duration> value = ConversionService.SHARED.convert(raw.get(), Duration.class, ConversionContext.DEFAULT);
            if (value.isEmpty()) {
                problem(key, raw.get(), "is not a duration (such as 500ms, 30s, 5m)");
            }
            return value;
        }

        private void whole(String key, long min, long max) {
            Optional<String> raw = raw(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return;
            }
            Optional<Long> value = parseLong(raw.get());
            if (value.isEmpty()) {
                problem(key, raw.get(), "is not a whole number");
            } else if (value.get() < min || value.get() > max) {
                problem(key, raw.get(), value.get() < min || max == Long.MAX_VALUE
                        ? "must be at least " + min : "must be between " + min + " and " + max);
            }
        }

        private Optional<String> raw(String key) {
            return environment.getProperty(key, String.class).map(String::trim);
        }

        private static Optional<Long> parseLong(String text) {
            try {
                return Optional.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** A key's environment variable: upper case, {@code .}, {@code -} and an index's brackets as {@code _}. */
        static String variable(String key) {
            return key.toUpperCase(Locale.ROOT).replaceAll("[.\\-\\[\\]]+", "_").replaceAll("_$", "");
        }

        private void problem(String key, String value, String what) {
            String variable = variable(key);
            problems.add(key + " (" + variable + ") is '" + (value.length() > 64 ? value.substring(0, 64) + "…" : value)
                    + "': " + what);
        }
    }
}
