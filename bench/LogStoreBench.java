// The log store's benchmark: fills a store with generated entries through the real JdbcLogWriter (as the
// log writer does, in batches), reporting entries per second, then times the logs and analytics
// queries the dashboard makes. Run with the runnable jar on the class path (bench/logs.sh does):
//   java -cp bootstrap/target/bootstrap-*-all.jar bench/LogStoreBench.java write <jdbc-url> <count> [batch] [span-seconds] [traffic]
// (entries are spread evenly over the span before now: 30 days by default, as a filled store; a short span
// is a burst, as at full gateway throughput, where many entries share each analytics minute; traffic is
// "varied" (ten models, varied tokens, cost and duration; the default), "uniform" (the kit's load through
// the gateway: one model, one cost, 1 ms, metadata of a team and a user id out of 5,000, as
// bench/chat.lua sends with METADATA_USERS=5000) or "bare" (uniform without metadata, as bench/chat.lua))
//   java -cp bootstrap/target/bootstrap-*-all.jar bench/LogStoreBench.java query <jdbc-url>
// <jdbc-url> is jdbc:sqlite:<file> (the embedded store) or jdbc:postgresql://… (a fresh schema).
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsStore;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.log.JdbcLogQueries;
import dev.sluice.adapters.store.log.JdbcLogWriter;
import dev.sluice.adapters.store.log.LogHoursRepair;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.GroupBy;
import dev.sluice.domain.analytics.Interval;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.adapters.http.logquery.LogQueryParser;
import dev.sluice.adapters.http.logquery.QueryParameter;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

public class LogStoreBench {

    static final AccountId ACCOUNT = new AccountId("local");
    static final GatewayRef GATEWAY = new GatewayRef(ACCOUNT, new GatewayId("default"));
    static final String[][] MODELS = {
            {"openai", "gpt-4o-mini"}, {"openai", "gpt-4o"}, {"openai", "gpt-4.1"}, {"openai", "text-embedding-3-small"},
            {"anthropic", "claude-sonnet-4-5"}, {"anthropic", "claude-haiku-4-5"}, {"workers-ai", "@cf/meta/llama-3.1-8b-instruct"},
            {"google-ai-studio", "gemini-2.0-flash"}, {"groq", "llama-3.1-8b-instant"}, {"mistral", "mistral-large-latest"}};
    static final String[] TEAMS = {"search", "ads", "support", "growth", "infra", "research"};
    static final String[] AGENTS = {"openai-python/1.50.0", "openai-node/4.77.0", "anthropic-sdk-python/0.40", "curl/8.5"};

    /** What the generated entries look like (the write command's last argument). */
    enum Traffic { VARIED, UNIFORM, BARE }

    public static void main(String[] args) throws Exception {
        long opening = System.nanoTime();
        try (HikariDataSource dataSource = open(args[1])) {
            // Opening migrates the schema: this is how long an upgrade of an existing store takes.
            System.out.printf("opened the store (schema migrated where needed) in %.1f s%n",
                    (System.nanoTime() - opening) / 1e9);
            if (args[0].equals("write")) {
                write(dataSource, Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 500,
                        args.length > 4 ? Duration.ofSeconds(Long.parseLong(args[4])) : Duration.ofDays(30),
                        args.length > 5 ? Traffic.valueOf(args[5].toUpperCase(Locale.ROOT)) : Traffic.VARIED);
            } else {
                query(dataSource);
            }
        }
    }

    static HikariDataSource open(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SluiceDatabases.sqlite(java.nio.file.Path.of(url.substring("jdbc:sqlite:".length())), 4);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(url.startsWith("jdbc:postgresql") ? "postgres" : null);
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        SluiceDatabases.migratePostgres(dataSource);
        return dataSource;
    }

    /** Entries spread over the 30 days before now, newest last, as a busy gateway would have them. */
    static void write(HikariDataSource dataSource, int count, int batchSize, Duration span, Traffic traffic) {
        // As Sluice runs it by default (sluice.logs.analytics-window: 1s).
        Jdbc jdbc = new Jdbc(dataSource);
        JdbcLogWriter store = new JdbcLogWriter(jdbc, new JdbcAnalyticsWriter(Duration.ofSeconds(1)),
                new LogHoursRepair(jdbc));
        SplittableRandom random = new SplittableRandom(42);
        Instant end = Instant.now();
        long spanMillis = span.toMillis();
        long started = System.nanoTime();
        long lastReport = started;
        int done = 0;
        List<LogWrite> batch = new ArrayList<>(batchSize);
        while (done < count) {
            batch.clear();
            for (int i = 0; i < batchSize && done + i < count; i++) {
                long at = end.toEpochMilli() - spanMillis + (long) ((done + i) * (double) spanMillis / count);
                batch.add(entry(random, Instant.ofEpochMilli(at), traffic));
            }
            store.storeLogs(batch);
            done += batch.size();
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L) {
                System.out.printf("  %,d entries, %,.0f entries/s so far%n", done, done / ((now - started) / 1e9));
                lastReport = now;
            }
        }
        store.flush();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("wrote %,d entries in %.1f s: %,.0f entries/s (batches of %d, bodies included, spread over %s,"
                + " %s traffic)%n", count, seconds, count / seconds, batchSize, span, traffic.name().toLowerCase(Locale.ROOT));
    }

    static LogWrite entry(SplittableRandom random, Instant at, Traffic traffic) {
        boolean uniform = traffic != Traffic.VARIED;
        String[] model = MODELS[uniform ? 0 : random.nextInt(MODELS.length)];
        boolean error = !uniform && random.nextInt(100) < 4;
        boolean cached = !uniform && !error && random.nextInt(100) < 12;
        long in = uniform ? 12 : 50 + random.nextInt(4000);
        long out = uniform ? 20 : error ? 0 : 20 + random.nextInt(1500);
        BigDecimal cost = cached || error ? BigDecimal.ZERO
                : BigDecimal.valueOf(in * 15 + out * 60, 8);
        Metadata metadata = traffic == Traffic.BARE ? Metadata.NONE : new Metadata(Map.of("team",
                TEAMS[random.nextInt(TEAMS.length)], "user", (long) random.nextInt(5000)));
        long duration = uniform ? 1 : cached ? 1 + random.nextInt(5) : 200 + random.nextInt(6000);
        String prompt = "{\"model\":\"" + model[1] + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Question "
                + random.nextInt() + ": summarise the quarterly report in three bullet points.\"}]}";
        String answer = "{\"id\":\"chatcmpl-" + random.nextInt() + "\",\"object\":\"chat.completion\",\"choices\":"
                + "[{\"message\":{\"role\":\"assistant\",\"content\":\"- Revenue grew.\\n- Costs fell.\\n- Outlook is stable.\"}}],"
                + "\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + "}}";
        long high = (at.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        String id = new UUID(high, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        LogEntry entry = new LogEntry(id, GATEWAY, at, model[0], model[1], "v1/chat/completions", !error, cached,
                error ? (random.nextBoolean() ? 429 : 500) : 200, Optional.of(new TokenUsage(in, out, 0, 0, false)),
                new Cost(cost, false), duration, metadata, id,
                "application/json", "application/json", prompt.length(), answer.length(), 0, 1, OptionalInt.empty(),
                Optional.empty(), AGENTS[random.nextInt(AGENTS.length)], false, true);
        return new LogWrite(entry, Optional.of(new LogBodies(prompt.getBytes(StandardCharsets.UTF_8), true,
                answer.getBytes(StandardCharsets.UTF_8), true)), true, OptionalLong.empty(),
                LogManagementStrategy.STOP_INSERTING);
    }

    static void query(HikariDataSource dataSource) {
        JdbcLogQueries logs = new JdbcLogQueries(new Jdbc(dataSource), new LogHoursRepair(new Jdbc(dataSource)));
        JdbcAnalyticsStore analytics = new JdbcAnalyticsStore(new Jdbc(dataSource));
        long total = logs.listLogs(GATEWAY, list("per_page=1")).totalCount();
        String someId = logs.listLogs(GATEWAY, list("per_page=1&page=1000")).entries().get(0).id();
        System.out.printf("%,d entries in the gateway%n", total);
        Instant now = Instant.now();
        time("list: newest 20", () -> logs.listLogs(GATEWAY, list("")));
        time("list: page 50 of 20", () -> logs.listLogs(GATEWAY, list("page=50")));
        time("list: provider = anthropic", () -> logs.listLogs(GATEWAY, list("filters.key=provider&filters.operator=eq&filters.value=anthropic")));
        time("list: model = gpt-4o, success = false", () -> logs.listLogs(GATEWAY, list(
                "filters.key=model&filters.operator=eq&filters.value=gpt-4o&filters.key=success&filters.operator=eq&filters.value=false")));
        time("list: provider = anthropic, success = false", () -> logs.listLogs(GATEWAY, list(
                "filters.key=provider&filters.operator=eq&filters.value=anthropic&filters.key=success&filters.operator=eq&filters.value=false")));
        time("list: provider != openai", () -> logs.listLogs(GATEWAY, list("filters.key=provider&filters.operator=neq&filters.value=openai")));
        time("list: model contains 'haiku'", () -> logs.listLogs(GATEWAY, list("filters.key=model&filters.operator=contains&filters.value=haiku")));
        time("list: user agent = curl/8.5", () -> logs.listLogs(GATEWAY, list("filters.key=user_agent&filters.operator=eq&filters.value=curl/8.5")));
        time("list: by model", () -> logs.listLogs(GATEWAY, list("order_by=model&order_by_direction=asc")));
        time("list: by provider desc", () -> logs.listLogs(GATEWAY, list("order_by=provider&order_by_direction=desc")));
        time("list: by duration desc", () -> logs.listLogs(GATEWAY, list("order_by=duration&order_by_direction=desc")));
        time("list: by tokens_out desc", () -> logs.listLogs(GATEWAY, list("order_by=tokens_out&order_by_direction=desc")));
        time("list: by success, page 10", () -> logs.listLogs(GATEWAY, list("order_by=success&order_by_direction=asc&page=10")));
        time("list: by status_code desc", () -> logs.listLogs(GATEWAY, list("order_by=status_code&order_by_direction=desc")));
        time("list: cached = true, last 24 h", () -> logs.listLogs(GATEWAY, list("cached=true&start_date=" + now.minus(Duration.ofDays(1)))));
        time("list: metadata.value = ads (team)", () -> logs.listLogs(GATEWAY, list("filters.key=metadata.value&filters.operator=eq&filters.value=ads")));
        time("list: metadata.value = ads, provider = openai", () -> logs.listLogs(GATEWAY, list(
                "filters.key=metadata.value&filters.operator=eq&filters.value=ads&filters.key=provider&filters.operator=eq&filters.value=openai")));
        time("list: metadata user = 4242", () -> logs.listLogs(GATEWAY, list("filters.key=metadata.value&filters.operator=eq&filters.value=4242")));
        time("list: cost > $0.05, by cost desc", () -> logs.listLogs(GATEWAY, list("filters.key=cost&filters.operator=gt&filters.value=0.05&order_by=cost&order_by_direction=desc")));
        time("list: duration > 5 s, last 7 days", () -> logs.listLogs(GATEWAY, list("min_duration=5000&start_date=" + now.minus(Duration.ofDays(7)))));
        time("list: event id (exact)", () -> logs.listLogs(GATEWAY, list("filters.key=event_id&filters.operator=eq&filters.value=" + someId)));
        time("list: search 'claude'", () -> logs.listLogs(GATEWAY, list("search=claude")));
        time("list: search 'claude', success = false", () -> logs.listLogs(GATEWAY, list("search=claude&success=false")));
        time("list: search 'claude', meta_info", () -> logs.listLogs(GATEWAY, list("search=claude&meta_info=true")));
        time("list: meta_info (min/max), last 24 h", () -> logs.listLogs(GATEWAY, list("meta_info=true&start_date=" + now.minus(Duration.ofDays(1)))));
        time("list: meta_info (min/max), all", () -> logs.listLogs(GATEWAY, list("meta_info=true")));
        time("get one entry", () -> logs.findLog(GATEWAY, someId));
        time("get one entry's bodies", () -> logs.findLogBodies(GATEWAY, someId));
        time("analytics: last hour by minute", () -> analytics.report(new AnalyticsQuery(ACCOUNT, Optional.of(GATEWAY.id()),
                now.minus(Duration.ofHours(1)), now, Interval.MINUTE, GroupBy.NONE)));
        time("analytics: last 24 h by hour", () -> analytics.report(new AnalyticsQuery(ACCOUNT, Optional.of(GATEWAY.id()),
                now.minus(Duration.ofDays(1)), now, Interval.HOUR, GroupBy.NONE)));
        time("analytics: last 24 h by hour, per provider", () -> analytics.report(new AnalyticsQuery(ACCOUNT,
                Optional.of(GATEWAY.id()), now.minus(Duration.ofDays(1)), now, Interval.HOUR, GroupBy.PROVIDER)));
        time("analytics: last 7 days by hour, per model", () -> analytics.report(new AnalyticsQuery(ACCOUNT,
                Optional.of(GATEWAY.id()), now.minus(Duration.ofDays(7)), now, Interval.HOUR, GroupBy.MODEL)));
        time("analytics: last 30 days by day", () -> analytics.report(new AnalyticsQuery(ACCOUNT, Optional.of(GATEWAY.id()),
                now.minus(Duration.ofDays(30)), now, Interval.DAY, GroupBy.NONE)));
        time("analytics: last 30 days by day, per team", () -> analytics.report(new AnalyticsQuery(ACCOUNT,
                Optional.of(GATEWAY.id()), now.minus(Duration.ofDays(30)), now, Interval.DAY, GroupBy.metadata("team"))));
        time("analytics: account, last 30 days by day", () -> analytics.report(new AnalyticsQuery(ACCOUNT, Optional.empty(),
                now.minus(Duration.ofDays(30)), now, Interval.DAY, GroupBy.NONE)));
    }

    static dev.sluice.domain.log.LogQuery list(String query) {
        List<QueryParameter> parameters = new ArrayList<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                parameters.add(new QueryParameter(pair.substring(0, eq), pair.substring(eq + 1)));
            }
        }
        return LogQueryParser.parse(parameters, LogQueryParser.Purpose.LIST);
    }

    /** The first run, then the median and the worst of seven more (H2's query cache is off, see query()). */
    static void time(String name, Supplier<?> query) {
        long first = System.nanoTime();
        query.get();
        double firstMs = (System.nanoTime() - first) / 1e6;
        long[] runs = new long[7];
        for (int i = 0; i < runs.length; i++) {
            long started = System.nanoTime();
            query.get();
            runs[i] = System.nanoTime() - started;
        }
        Arrays.sort(runs);
        System.out.printf("  %-45s first %8.1f ms   median %8.1f ms   worst %8.1f ms%n", name, firstMs, runs[3] / 1e6,
                runs[6] / 1e6);
    }
}
