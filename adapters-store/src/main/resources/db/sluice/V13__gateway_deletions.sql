-- Which incarnation of each gateway id was last deleted: the deleted gateway's created_at (epoch ms). The log writer of
-- every replica refuses the entries of a gateway created at or before it, so that entries a replica still serving the
-- deleted gateway writes after its logs were deleted never show under one created again with the id. Written in the
-- transaction that deletes the gateway's entries, with its log_counts row locked as the writer locks it first.
create table gateway_deletions (
    account_id varchar(64) not null,
    gateway_id varchar(64) not null,
    created_at bigint      not null,
    primary key (account_id, gateway_id)
);
