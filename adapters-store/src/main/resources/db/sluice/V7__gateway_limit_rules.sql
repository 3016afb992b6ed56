-- A gateway's limits beyond Cloudflare's own rate limit: {"limits": [...], "spend_limits": {...}} as JSON, in the
-- management API's shape (null: none). One text column keeps the rules whole; nothing queries inside them.
alter table gateways add column limit_rules text;
