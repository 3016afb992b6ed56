-- Replaces what an admission counted with ARGV[3]. ARGV: kind, entry (fixed: its window's start), amount,
-- the amount admitted.
local kind, entry, amount, admitted = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local base = KEYS[1]
local function int(x) return string.format('%.0f', x) end
if kind == 'F' then
  local key = base .. ':' .. entry
  if redis.call('EXISTS', key) == 1 then
    if redis.call('INCRBY', key, int(amount - admitted)) < 0 then redis.call('SET', key, 0, 'KEEPTTL') end
  end
elseif kind == 'C' then
  if amount == 0 then redis.call('ZREM', base .. ':leases', entry) end
else
  local old = redis.call('HGET', base .. ':amt', entry)
  if old then
    redis.call('HSET', base .. ':amt', entry, int(amount))
    redis.call('INCRBY', base .. ':sum', int(amount - tonumber(old)))
  end
end
return 1
