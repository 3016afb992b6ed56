package dev.sluice.bootstrap;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

/**
 * The database logs are kept in: the embedded SQLite file {@code <data-dir>/logs.db} (closed with the
 * application), or the PostgreSQL database of the gateways when {@code sluice.database.url} names one.
 */
final class LogDataSource implements AutoCloseable {

    private final DataSource dataSource;
    private final boolean owned;

    LogDataSource(DataSource dataSource, boolean owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (owned && dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
    }
}
