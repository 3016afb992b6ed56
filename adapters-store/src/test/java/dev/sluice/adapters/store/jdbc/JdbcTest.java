package dev.sluice.adapters.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class JdbcTest {

    @TempDir
    Path dir;

    @Test
    void whenRollingBackFailsTheWorksOwnFailureIsThrownAndNothingOfItIsCommitted() {
        whenRollingBackThrows(new SQLException("planted: the rollback failed"));
    }

    @Test
    void whenRollingBackThrowsAnErrorNothingIsCommittedEither() {
        whenRollingBackThrows(new OutOfMemoryError("planted: Java heap space"));
    }

    private void whenRollingBackThrows(Throwable failure) {
        Path file = dir.resolve("j.db");
        SluiceDatabases.sqlite(file, 1).close();
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + file);
        HikariConfig config = new HikariConfig();
        config.setDataSource(rollbackFails(sqlite, failure));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Jdbc jdbc = new Jdbc(pool);

            Throwable thrown = catchThrowable(() -> jdbc.inTransaction(connection -> {
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate("insert into log_counts (account_id, gateway_id, stored) values ('a', 'g', 1)");
                }
                throw new IllegalStateException("the work failed");
            }));

            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("the work failed");
            assertThat(thrown.getSuppressed()).isNotEmpty();
            assertThat(thrown.getSuppressed()[0]).isSameAs(failure);
            assertThat(jdbc.query("select count(*) from log_counts", s -> { }, row -> row.getLong(1)))
                    .as("the insert was not committed, and the pool replaced the connection").containsExactly(0L);
        }
    }

    /** SQLite's connections, except that rolling back throws {@code failure} without rolling back. */
    private static DataSource rollbackFails(DataSource real, Throwable failure) {
        return forwarding(DataSource.class, (method, args) -> {
            Object result = invoke(method, real, args);
            return method.getName().equals("getConnection")
                    ? forwarding(Connection.class, (connectionMethod, connectionArgs) -> {
                        if (connectionMethod.getName().equals("rollback")) {
                            throw failure;
                        }
                        return invoke(connectionMethod, result, connectionArgs);
                    })
                    : result;
        });
    }

    private interface Call {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T forwarding(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(JdbcTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> call.handle(method, args)));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
