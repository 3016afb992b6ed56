-- Gateways, their tokens and the admin token, in the same database as the logs: one script for the embedded
-- SQLite file and PostgreSQL. Times are epoch milliseconds (a gateway keeps millisecond precision), so both
-- databases store and compare them the same way. Older stores are carried over by V4 and V6.
create table gateways (
    account_id                 varchar(64)   not null,
    id                         varchar(64)   not null,
    cache_ttl                  bigint        not null,
    cache_invalidate_on_update boolean       not null,
    collect_logs               boolean       not null,
    rate_limiting_interval     bigint        not null,
    rate_limiting_limit        bigint        not null,
    rate_limiting_technique    varchar(16)   not null,
    authentication             boolean       not null,
    log_management             bigint,
    log_management_strategy    varchar(32)   not null,
    logpush                    boolean       not null,
    logpush_public_key         varchar(1024),
    retry_max_attempts         integer       not null,
    retry_delay                integer       not null,
    retry_backoff              varchar(16)   not null,
    created_at                 bigint        not null,
    modified_at                bigint        not null,
    -- Raised by every change of the row: an update is compared-and-set against the revision it read.
    revision                   bigint        not null,
    primary key (account_id, id)
);

create table gateway_tokens (
    id          varchar(36)  primary key,
    account_id  varchar(64)  not null,
    gateway_id  varchar(64)  not null,
    name        varchar(128) not null,
    token_hash  varchar(64)  not null unique,
    created_at  bigint       not null,
    foreign key (account_id, gateway_id) references gateways (account_id, id) on delete cascade
);

create index tokens_of_gateway on gateway_tokens (account_id, gateway_id);

create table admin_token (
    singleton   integer     primary key check (singleton = 1),
    token_hash  varchar(64) not null,
    created_at  bigint      not null
);
