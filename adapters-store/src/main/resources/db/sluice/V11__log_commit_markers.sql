-- A row for each transaction of the log writer whose entries cannot tell whether it committed (it inserted none:
-- the analytics sums written when idle, a gateway collecting no logs; or it deleted entries at a DELETE_OLDEST cap),
-- so that one whose commit was sent but never confirmed (the reply lost with its connection) can be looked up. An
-- id is the second it was written in, counted from 2026 (high 32 bits), and a random number (low 32 bits); rows
-- older than an hour are deleted by id range. A marker not found is claimed: the writer inserts its id with claim
-- true, which waits for a transaction still committing it and fails if it committed, so that the answer is final.
create table log_commits (
    id    bigint  primary key,
    claim boolean not null
);
