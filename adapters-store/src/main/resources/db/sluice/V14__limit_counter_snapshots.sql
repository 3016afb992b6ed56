-- The limit counters a process keeps itself (no Redis), saved every few seconds and at shutdown and read back at the
-- next start, so that a restart does not start every window again (a monthly spend budget included). Written only
-- over the embedded SQLite file: replicas sharing PostgreSQL without Redis each count alone.
create table limit_counter_snapshots (
    counter_key  varchar(4096) primary key,
    kind         char(1)       not null,
    window_ms    bigint        not null,
    window_start bigint        not null,
    total        bigint        not null,
    slots        ${bytes}      not null
);
