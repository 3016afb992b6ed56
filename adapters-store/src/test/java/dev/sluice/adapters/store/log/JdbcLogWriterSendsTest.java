package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.LogQueries;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.policy.Metadata;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How often the writer sends each table's rows: every {@link LogInserts#ROWS_PER_SEND} entries, and each full group of
 * entries ({@link Rows#GROUP}) as one many-row insert.
 */
class JdbcLogWriterSendsTest {

    @TempDir
    Path dir;

    /** Sends (executeBatch, or executeUpdate of a many-row insert) per table inserted into. */
    private final Map<String, Integer> sends = new ConcurrentHashMap<>();
    /** The statements prepared, in order, but for the analytics sums'. */
    private final List<String> prepared = new CopyOnWriteArrayList<>();
    /** A table whose next batch throws an Error instead of being sent. */
    private volatile String failNext;

    /** What the writer reported writing in the room of entries it deleted, one element a commit. */
    private final List<Long> committed = new CopyOnWriteArrayList<>();

    private HikariDataSource dataSource;
    private JdbcLogWriter writer;
    private JdbcLogQueries queries;

    @BeforeEach
    void open() {
        dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2);
        Jdbc jdbc = new Jdbc(counting(dataSource));
        writer = new JdbcLogWriter(jdbc, new JdbcAnalyticsWriter(Duration.ZERO), new LogHoursRepair(jdbc),
                committed::add);
        queries = new JdbcLogQueries(jdbc, new LogHoursRepair(jdbc));
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    /** How often the entries' own inserts (of one row and of a group) were prepared. */
    private long logInserts() {
        return prepared.stream().filter(sql -> sql.startsWith("insert into logs ")
                || sql.startsWith("insert or fail into logs ")).count();
    }

    /** {@code count} entries of one model, each with a metadata value and bodies. */
    private static List<LogWrite> writes(int count, String model) {
        return writes(1, count, model);
    }

    /** Entries {@code from} to {@code from + count - 1}, as {@link #writes(int, String)}. */
    private static List<LogWrite> writes(int from, int count, String model) {
        List<LogWrite> writes = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            writes.add(new LogWrite(LogStoreContract.entry(LogStoreContract.GW, n, "openai", model,
                    new Metadata(Map.of("n", (long) n))), Optional.of(new LogBodies(new byte[] {1}, true,
                    new byte[] {2}, true)), true, OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING));
        }
        return writes;
    }

    @Test
    void aBatchIsSentEverySoManyEntriesAndOnceMoreForTheRest() {
        int count = LogInserts.ROWS_PER_SEND * 2 + 7;

        assertThat(writer.storeLogs(writes(count, "gpt-4o-mini"))).isEqualTo(count);
        assertThat(sends).as("the entries in groups, then the rest")
                .containsEntry("logs", 2 * LogInserts.ROWS_PER_SEND / Rows.GROUP + 1).containsEntry("log_metadata", 3)
                .containsEntry("log_bodies", 3).as("one new shape, sent with the first entries")
                .containsEntry("log_shapes", 1);
    }

    @Test
    void aSendHoldsWholeGroupsSoThatOnlyABatchsLastEntriesGoRowByRow() {
        assertThat(LogInserts.ROWS_PER_SEND % Rows.GROUP).isZero();
    }

    @Test
    void laterBatchesPrepareNoStatementAgain() {
        writer.storeLogs(writes(3, "gpt-4o-mini"));
        writer.storeLogs(writes(4, 3, "gpt-4o-mini"));
        List<String> warm = List.copyOf(prepared);

        writer.storeLogs(writes(7, 3, "gpt-4o"));
        writer.storeLogs(writes(10, 3, "gpt-4o"));
        assertThat(prepared).as("the analytics sums, written every batch here, excepted").isEqualTo(warm);
    }

    @Test
    void aBatchCutShortByAnErrorLeavesNothingAndIsStoredWholeWhenTriedAgain() {
        List<LogWrite> writes = writes(LogInserts.ROWS_PER_SEND + 5, "model-x");
        failNext = "log_bodies";
        assertThatThrownBy(() -> writer.storeLogs(writes)).isInstanceOf(OutOfMemoryError.class);
        assertThat(queries.listLogs(LogStoreContract.GW, LogQueries.query("")).totalCount())
                .as("the entries sent before the error are rolled back").isZero();
        long preparedBefore = logInserts();

        assertThat(writer.storeLogs(writes)).isEqualTo(writes.size());
        assertThat(logInserts()).as("the failed transaction's statements are prepared anew, not reused")
                .isEqualTo(preparedBefore + 2);
        assertThat(queries.listLogs(LogStoreContract.GW, LogQueries.query("search=model-x")).totalCount())
                .as("the shape is inserted again with the retried batch").isEqualTo(writes.size());
    }

    /**
     * The embedded file's checkpoints count pages in use, which entries written in the room of the oldest ones
     * deleted at a {@code DELETE_OLDEST} cap do not grow: each such commit reports what it wrote there (rows and
     * bodies as stored), and nothing else is reported. A transaction rolled back reports nothing.
     */
    @Test
    void aCommitThatDeletesAtItsCapReportsWhatItWroteInTheRoomItFreed() {
        writer.storeLogs(capped(writes(1, 5, "gpt-4o-mini"), 5));
        assertThat(committedSoFar()).as("under the cap nothing is deleted").isEmpty();

        List<LogWrite> three = capped(writes(6, 3, "gpt-4o-mini"), 5);
        failNext = "log_bodies";
        assertThatThrownBy(() -> writer.storeLogs(three)).isInstanceOf(OutOfMemoryError.class);
        assertThat(committedSoFar()).as("nothing reported for the batch rolled back").isEmpty();

        writer.storeLogs(three);
        long bodies = 0;
        for (LogWrite write : three) {
            LogBodies body = write.bodies().orElseThrow();
            bodies += BodyCodec.encode(body.request()).bytes().length
                    + BodyCodec.encode(body.response()).bytes().length;
        }
        assertThat(committedSoFar()).as("three deleted, three written in their place")
                .containsExactly(3 * LogInserts.ROW_BYTES + bodies);
        assertThat(queries.listLogs(LogStoreContract.GW, LogQueries.query("")).totalCount()).isEqualTo(5);
    }

    private List<Long> committedSoFar() {
        return List.copyOf(committed);
    }

    private static List<LogWrite> capped(List<LogWrite> writes, long cap) {
        return writes.stream().map(w -> new LogWrite(w.entry(), w.bodies(), true, OptionalLong.of(cap),
                LogManagementStrategy.DELETE_OLDEST)).toList();
    }

    /** The pool's connections, and the physical ones the writer's statement cache unwraps, counting sends. */
    private DataSource counting(DataSource real) {
        return proxy(DataSource.class, real, (method, result, args) -> method.getName().equals("getConnection")
                ? counting((Connection) result) : result);
    }

    private final Map<Object, Connection> physical = new IdentityHashMap<>();

    private Connection counting(Connection real) {
        return proxy(Connection.class, real, (method, made, args) -> switch (method.getName()) {
            case "prepareStatement" -> countingStatement((PreparedStatement) made, (String) args[0]);
            case "unwrap" -> made instanceof Connection c && c != real
                    ? physical.computeIfAbsent(made, m -> counting(c)) : made;
            default -> made;
        });
    }

    private static boolean sends(Method method) {
        return method.getName().equals("executeBatch") || method.getName().equals("executeUpdate");
    }

    private PreparedStatement countingStatement(PreparedStatement real, String sql) {
        if (!sql.contains("log_rollup")) {
            prepared.add(sql);
        }
        String table = sql.startsWith("insert ") ? sql.replaceFirst("^insert (or fail )?into ", "").split("[ (]")[0] : sql;
        return proxy(PreparedStatement.class, real, (method, result, args) -> {
            if (sends(method)) {
                sends.merge(table, 1, Integer::sum);
            }
            return result;
        }, (method, args) -> {
            if (sends(method) && table.equals(failNext)) {
                failNext = null;
                throw new OutOfMemoryError("planted");
            }
        });
    }

    private interface After {
        Object apply(Method method, Object result, Object[] args);
    }

    private interface Before {
        void check(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Object real, After after) {
        return proxy(type, real, after, (method, args) -> { });
    }

    private static <T> T proxy(Class<T> type, Object real, After after, Before before) {
        return type.cast(Proxy.newProxyInstance(JdbcLogWriterSendsTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    before.check(method, args);
                    try {
                        return after.apply(method, method.invoke(real, args), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
