package dev.sluice.adapters.store.log;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Leads the metadata value index with the value's bucket and the log id ({@link MetadataBuckets}, computed
 * here in Java for the rows stored before), so that new rows are appended to a few runs of the index instead
 * of being scattered over one place per distinct value. Rows a replica still on an older version writes
 * afterwards (a fleet upgraded one replica at a time) get {@link MetadataBuckets#UNKNOWN}, which every value
 * filter reads too. On PostgreSQL the update rewrites every metadata row: a {@code VACUUM} of
 * {@code log_metadata} afterwards gives back the space the old versions held.
 */
public final class V10__Metadata_value_buckets extends BaseJavaMigration {

    /** Read as they come (PostgreSQL's driver would otherwise hold every distinct value in memory at once). */
    private static ResultSet query(PreparedStatement values) throws SQLException {
        values.setFetchSize(1_000);
        return values.executeQuery();
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("alter table log_metadata add column value_bucket smallint not null default "
                    + MetadataBuckets.UNKNOWN);
        }
        // One update per distinct value of a gateway, each found through the old index (led by the gateway
        // and the value), which goes once the buckets are in. The update changes no column of that index, so
        // reading the distinct values through it while updating is safe.
        try (PreparedStatement values = connection.prepareStatement(
                "select distinct account_id, gateway_id, value_text from log_metadata");
             PreparedStatement update = connection.prepareStatement("update log_metadata set value_bucket = ?"
                     + " where account_id = ? and gateway_id = ? and value_text = ?");
             ResultSet row = query(values)) {
            int batched = 0;
            while (row.next()) {
                String text = row.getString(3);
                update.setInt(1, MetadataBuckets.of(text));
                update.setString(2, row.getString(1));
                update.setString(3, row.getString(2));
                update.setString(4, text);
                update.addBatch();
                if (++batched % 1_000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("drop index log_metadata_by_value");
            s.execute("create index log_metadata_by_value on log_metadata (account_id, gateway_id, value_bucket,"
                    + " log_id, value_text, meta_key, shape)");
        }
    }
}
