-- Logs and their analytics, one script for the embedded SQLite file and PostgreSQL; the one type they
-- spell differently, that of bodies, is the placeholder ${bytes} (LogDatabases sets it).
-- The hot rows hold no bodies: those live in log_bodies, read only when one entry's bodies are asked for.
-- Times are epoch microseconds, money is whole units of 1e-10 US dollars and scores of 1e-4, so both
-- databases compare, sum and sort them exactly the same way.
create table logs (
    id                    varchar(64)    primary key,
    account_id            varchar(64)    not null,
    gateway_id            varchar(64)    not null,
    created_at            bigint         not null,
    provider              varchar(64)    not null,
    model                 varchar(256)   not null,
    path                  varchar(2048)  not null,
    success               boolean        not null,
    cached                boolean        not null,
    status_code           integer        not null,
    tokens_in             bigint,
    tokens_out            bigint,
    tokens_estimated      boolean        not null,
    cached_tokens_in      bigint         not null,
    cost                  bigint         not null,
    custom_cost           boolean        not null,
    duration              bigint         not null,
    event_id              varchar(256)   not null,
    request_content_type  varchar(256)   not null,
    response_content_type varchar(256)   not null,
    request_size          bigint         not null,
    response_size         bigint         not null,
    step                  integer        not null,
    attempt               integer        not null,
    feedback              smallint,
    score                 bigint,
    user_agent            varchar(1024)  not null,
    authenticated         boolean        not null,
    payload_stored        boolean        not null
);

-- Listing is per gateway, newest first; the common filters narrow by provider or model first.
create index logs_by_time on logs (account_id, gateway_id, created_at, id);
create index logs_by_provider on logs (account_id, gateway_id, provider, created_at);
create index logs_by_model on logs (account_id, gateway_id, model, created_at);
create index logs_by_event on logs (account_id, gateway_id, event_id);
create index logs_by_cost on logs (account_id, gateway_id, cost);

create table log_metadata (
    log_id      varchar(64)   not null references logs (id) on delete cascade,
    meta_key    varchar(128)  not null,
    value_text  varchar(1024) not null,
    value_kind  char(1)       not null,
    primary key (log_id, meta_key)
);

-- metadata.value filters look values up directly; metadata.key filters use the key's own index.
create index log_metadata_by_value on log_metadata (value_text, meta_key);
create index log_metadata_by_key on log_metadata (meta_key);

create table log_bodies (
    log_id            varchar(64) primary key references logs (id) on delete cascade,
    request           ${bytes}    not null,
    request_complete  boolean     not null,
    response          ${bytes}    not null,
    response_complete boolean     not null
);

-- How many entries each gateway keeps, for log_management caps without counting rows.
create table log_counts (
    account_id  varchar(64) not null,
    gateway_id  varchar(64) not null,
    stored      bigint      not null,
    primary key (account_id, gateway_id)
);

-- Sums for analytics (Rollups): kind 'm?' rows are per provider (dim1) and model (dim2), kind 'k?' rows per
-- metadata key (dim1) and value (dim2); the second letter is the span, minute (m), hour (h) or day (d),
-- which starts at epoch_minute. They outlive the logs they were counted from.
create table log_rollups (
    account_id   varchar(64)    not null,
    gateway_id   varchar(64)    not null,
    kind         char(2)        not null,
    epoch_minute bigint         not null,
    dim1         varchar(256)   not null,
    dim2         varchar(256)   not null,
    requests     bigint         not null,
    errors       bigint         not null,
    cached       bigint         not null,
    tokens_in    bigint         not null,
    tokens_out   bigint         not null,
    cost         bigint         not null,
    duration_sum bigint         not null,
    -- One key serves both an upsert's exact lookup and a report's range of minutes (for one gateway or all).
    primary key (account_id, kind, epoch_minute, gateway_id, dim1, dim2)
);

-- The latency histogram of each rollup row: how many requests fell in each bucket (LatencyHistogram).
create table log_rollup_latency (
    account_id  varchar(64)  not null,
    gateway_id  varchar(64)  not null,
    kind        char(2)      not null,
    epoch_minute bigint      not null,
    dim1        varchar(256) not null,
    dim2        varchar(256) not null,
    bucket      smallint     not null,
    requests    bigint       not null,
    primary key (account_id, kind, epoch_minute, gateway_id, dim1, dim2, bucket)
);
