-- An hour's least total tokens counted an entry without tokens (an attempt that got no answer) as 0, where its
-- tokens in and out, and the tokens filter, count it as having none. The totals' extremes may now be null, as
-- those of tokens in and out are, while no entry of the hour has tokens; the hours that may hold such a 0 are
-- marked inexact: read from their entries until the log writer, when idle, stores them again.
create table log_hours_next (
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
    min_tokens     bigint,
    max_tokens     bigint,
    exact          boolean     not null,
    primary key (account_id, gateway_id, hour)
);

insert into log_hours_next (account_id, gateway_id, hour, entries, min_cost, max_cost, min_duration, max_duration,
                            min_tokens_in, max_tokens_in, min_tokens_out, max_tokens_out, min_tokens, max_tokens, exact)
select account_id, gateway_id, hour, entries, min_cost, max_cost, min_duration, max_duration, min_tokens_in,
       max_tokens_in, min_tokens_out, max_tokens_out, min_tokens, max_tokens,
       case when min_tokens = 0 then false else exact end
from log_hours;

drop table log_hours;
alter table log_hours_next rename to log_hours;
