-- What keeps the dashboard's whole-store queries off full scans at a million entries (docs/PERFORMANCE.md).

-- Search. The provider, model, path and user agent of a gateway's entries take few distinct combinations
-- (shapes); each entry names its shape, so a search finds the matching shapes in this small table and
-- then counts and lists their entries through one index instead of reading every row. A shape's id is
-- a hash of its fields (LogShapes), so every replica names the same shape the same way without asking.
create table log_shapes (
    account_id varchar(64)   not null,
    gateway_id varchar(64)   not null,
    id         bigint        not null,
    provider   varchar(64)   not null,
    model      varchar(256)  not null,
    path       varchar(2048) not null,
    user_agent varchar(1024) not null,
    primary key (account_id, gateway_id, id)
);

-- Filled for the entries stored before this version by V3 (a Java migration: the hash is computed there).
-- The index also holds what the dashboard most often adds to a search (success, cached) and what
-- meta_info reads, so a search's count and extremes, with or without those filters, never read a row.
alter table logs add column shape bigint not null default 0;
create index logs_by_shape on logs (account_id, gateway_id, shape, success, cached, created_at, cost, duration,
    tokens_in, tokens_out);

-- Metadata filters: the gateway and the entry's shape beside each value, so a value common to a sixth of
-- all entries is counted from this table's own index rather than by looking up every entry it names,
-- also when the provider, model, path or user agent is filtered too (through the shape); the log id
-- follows the value in the index, so counting distinct entries reads them in order instead of sorting.
-- V3 fills in the shape of metadata stored before this version.
alter table log_metadata add column account_id varchar(64) not null default '';
alter table log_metadata add column gateway_id varchar(64) not null default '';
alter table log_metadata add column shape bigint not null default 0;
update log_metadata set account_id = (select l.account_id from logs l where l.id = log_metadata.log_id),
                        gateway_id = (select l.gateway_id from logs l where l.id = log_metadata.log_id);
drop index log_metadata_by_value;
drop index log_metadata_by_key;
create index log_metadata_by_value on log_metadata (account_id, gateway_id, value_text, log_id, meta_key, shape);
create index log_metadata_by_key on log_metadata (account_id, gateway_id, meta_key, log_id, shape);

-- meta_info over a whole gateway: the count and extremes of the entries stored per hour of created_at
-- (epoch microseconds / 3,600,000,000). Inserts keep a row exact; a delete marks the hours it touched
-- not exact, and those are recomputed from their entries (when read, and by the writer when idle).
-- tokens_in and tokens_out extremes are null while no entry of the hour has them.
create table log_hours (
    account_id     varchar(64) not null,
    gateway_id     varchar(64) not null,
    hour           bigint      not null,
    entries        bigint      not null,
    min_cost       bigint      not null,
    max_cost       bigint      not null,
    min_duration   bigint      not null,
    max_duration   bigint      not null,
    min_tokens_in  bigint,
    max_tokens_in  bigint,
    min_tokens_out bigint,
    max_tokens_out bigint,
    min_tokens     bigint      not null,
    max_tokens     bigint      not null,
    exact          boolean     not null,
    primary key (account_id, gateway_id, hour)
);

insert into log_hours (account_id, gateway_id, hour, entries, min_cost, max_cost, min_duration, max_duration,
                       min_tokens_in, max_tokens_in, min_tokens_out, max_tokens_out, min_tokens, max_tokens, exact)
select account_id, gateway_id, created_at / 3600000000, count(*), min(cost), max(cost), min(duration),
       max(duration), min(tokens_in), max(tokens_in), min(tokens_out), max(tokens_out),
       min(coalesce(tokens_in, 0) + coalesce(tokens_out, 0)), max(coalesce(tokens_in, 0) + coalesce(tokens_out, 0)),
       true
from logs
group by account_id, gateway_id, created_at / 3600000000;

-- Analytics grouped by a metadata key read that key's rows alone, not every key's values in the range (a
-- key with thousands of values, such as a user id, made a 30-day report per team read them all). Upserts
-- that only add to a row's sums leave these indexes alone. Each holds the whole key, as the primary key
-- does, so a planner that picks it for an upsert's exact lookup still finds one row (PostgreSQL did,
-- and scanned every value of the key for each update when the index stopped at the minute).
create index log_rollups_by_key on log_rollups (account_id, kind, dim1, epoch_minute, gateway_id, dim2);
create index log_rollup_latency_by_key on log_rollup_latency (account_id, kind, dim1, epoch_minute, gateway_id,
    dim2, bucket);
