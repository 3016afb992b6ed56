-- Requests a gateway's limits refused (429 with nothing sent), counted in the analytics rollups on their own.
alter table log_rollups add column rate_limited bigint not null default 0;
