package dev.sluice.adapters.store.jdbc;

import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a database that refuses the values it was given (they will never be taken, however often they are sent
 * again) from one that cannot work now (down, busy, out of disk, read-only), from the failure it threw.
 */
public final class SqlRefusals {

    /** SQLite's primary result codes for a value refused: too big, a constraint (a trigger's RAISE too), a mismatch. */
    private static final Set<Integer> SQLITE_REFUSALS = Set.of(18, 19, 20);
    /**
     * A key already held is not a value refused: replicas racing to insert the same row, or a batch retried after
     * its commit's reply was lost, meet it, and it passes (PostgreSQL's unique violation, SQLite's
     * {@code SQLITE_CONSTRAINT_PRIMARYKEY} and {@code SQLITE_CONSTRAINT_UNIQUE}).
     */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Set<Integer> SQLITE_KEY_HELD = Set.of(1555, 2067);

    private SqlRefusals() {
    }

    /**
     * True when a failure in {@code failure}'s chain (causes, and each SQL failure's next ones) says the values
     * were refused: SQL state class 22 (data exception) or 23 (integrity constraint violation), or SQLite's
     * {@code SQLITE_TOOBIG}, {@code SQLITE_CONSTRAINT} or {@code SQLITE_MISMATCH}, but not a key already held.
     * The first SQL failure that says anything decides; one that says nothing (no state) lets the next speak.
     */
    public static boolean refusesValues(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException each = sql; each != null; each = each.getNextException()) {
                    Boolean refused = refused(each);
                    if (refused != null) {
                        return refused;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether the failure is a key already held: PostgreSQL's unique violation, SQLite's
     * {@code SQLITE_CONSTRAINT_PRIMARYKEY} or {@code SQLITE_CONSTRAINT_UNIQUE}.
     */
    public static boolean keyHeld(SQLException failure) {
        if (failure instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
            return SQLITE_KEY_HELD.contains(sqlite.getResultCode().code);
        }
        return UNIQUE_VIOLATION.equals(failure.getSQLState());
    }

    /** Null when the failure says neither. */
    private static Boolean refused(SQLException failure) {
        if (keyHeld(failure)) {
            return false;
        }
        if (failure instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
            return SQLITE_REFUSALS.contains(sqlite.getResultCode().code & 0xff);
        }
        String state = failure.getSQLState();
        if (state == null || state.length() < 2) {
            return null;
        }
        return state.startsWith("22") || state.startsWith("23");
    }
}
