-- Log bodies are stored zstd-compressed when that makes them smaller; each says how it is stored
-- (0: as it came, 1: zstd). Rows written before this keep 0 and read as before.
alter table log_bodies add column request_encoding smallint not null default 0;
alter table log_bodies add column response_encoding smallint not null default 0;
