package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.domain.digest.Sha256;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An entry's shape: its gateway, provider, model, path and user agent (as stored, cut to their columns),
 * named by the first 63 bits of their SHA-256, so any replica, and the migration that filled in older
 * entries, give a shape the same id without a lookup. Two shapes sharing an id would take about
 * 3·10^9 shapes to be even odds; a collision would make a search or a filter on one (a count, a listing,
 * a delete by path or user agent) take in the other's entries too.
 */
final class LogShapes {

    static final String INSERT = "insert into log_shapes (account_id, gateway_id, id, provider, model, path,"
            + " user_agent) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing";

    /** Shapes known to be stored, so each is inserted once per process; cleared when it grows large. */
    private final Set<Long> stored = new HashSet<>();
    private final Set<Long> pending = new HashSet<>();
    /**
     * Shape ids already worked out: a gateway sees few shapes, and each id is a SHA-256 to compute. At most
     * 1,000 are kept (a shape's strings may reach 3 KB, so a few MB at worst in a 128 MB heap), then forgotten.
     */
    private final Map<Shape, Long> ids = new HashMap<>();

    private record Shape(GatewayRef gateway, String provider, String model, String path, String userAgent) {
    }

    /** The entry's shape id (its fields cut to their columns, as stored), remembered. */
    synchronized long idOf(LogEntry entry) {
        Shape shape = new Shape(entry.gateway(), SqlValues.cut(entry.provider(), 64), SqlValues.cut(entry.model(), 256),
                SqlValues.cut(entry.path(), 2048), SqlValues.cut(entry.userAgent(), 1024));
        Long known = ids.get(shape);
        if (known != null) {
            return known;
        }
        if (ids.size() >= 1_000) {
            ids.clear();
        }
        long id = id(shape.gateway(), shape.provider(), shape.model(), shape.path(), shape.userAgent());
        ids.put(shape, id);
        return id;
    }

    static long id(GatewayRef gateway, String provider, String model, String path, String userAgent) {
        String[] fields = {gateway.account().value(), gateway.id().value(), provider, model, path, userAgent};
        byte[][] bytes = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            bytes[i] = fields[i].getBytes(StandardCharsets.UTF_8);
        }
        return ByteBuffer.wrap(Sha256.ofFields(bytes)).getLong() & Long.MAX_VALUE;
    }

    /**
     * Binds the entry's shape to {@code insert} unless it is known to be stored or already bound in this
     * transaction: {@code true} when the caller is to add that row.
     */
    boolean bindNew(PreparedStatement insert, LogEntry entry, long shape) throws SQLException {
        if (stored.contains(shape) || !pending.add(shape)) {
            return false;
        }
        bind(insert, entry.gateway(), shape, SqlValues.cut(entry.provider(), 64), SqlValues.cut(entry.model(), 256),
                SqlValues.cut(entry.path(), 2048), SqlValues.cut(entry.userAgent(), 1024));
        return true;
    }

    static void bind(PreparedStatement insert, GatewayRef gateway, long shape, String provider, String model,
                     String path, String userAgent) throws SQLException {
        insert.setString(1, gateway.account().value());
        insert.setString(2, gateway.id().value());
        insert.setLong(3, shape);
        insert.setString(4, provider);
        insert.setString(5, model);
        insert.setString(6, path);
        insert.setString(7, userAgent);
    }

    /** The batch's transaction committed: its shapes are stored. */
    void committed() {
        if (stored.size() + pending.size() > 100_000) {
            stored.clear();
        }
        stored.addAll(pending);
        pending.clear();
    }

    /** The batch's transaction failed: its shapes may not be stored. */
    void rolledBack() {
        pending.clear();
    }
}
