package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;

/**
 * Whether hours of {@code meta_info} extremes may await {@link LogHours#repair}: at start (a delete before
 * a restart, or on another replica) and after each delete here, until a pass finds fewer than it may do.
 * One is shared by the log writer, which runs the passes, and everything that deletes entries.
 */
public final class LogHoursRepair {

    private static final int REPAIRED_PER_PASS = 24;

    private final Jdbc jdbc;
    private final String forUpdate;
    private volatile boolean due = true;

    public LogHoursRepair(Jdbc jdbc) {
        this.jdbc = jdbc;
        // SQLite has no row locks: its one writer at a time holds the whole database.
        this.forUpdate = jdbc.isSqlite() ? "" : " for update";
    }

    /** A delete may have left hours inexact; called after its commit, so a pass that ran before it cannot miss them. */
    void deleted() {
        due = true;
    }

    /** Repairs a few hours if some may await it. */
    void passIfDue() {
        if (!due) {
            return;
        }
        // Cleared first: a delete during the pass sets it again.
        due = false;
        try {
            if (LogHours.repair(jdbc, REPAIRED_PER_PASS, forUpdate) == REPAIRED_PER_PASS) {
                due = true;
            }
        } catch (RuntimeException e) {
            due = true;
            throw e;
        }
    }
}
