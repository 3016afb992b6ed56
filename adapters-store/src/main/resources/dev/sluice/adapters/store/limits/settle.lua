-- Replaces what admissions counted with new amounts, one request's settlements in one round trip: counter
-- i is KEYS[i] (its keys' common prefix); ARGV per counter: kind, entry (fixed: its window's start; sliding:
-- its slot), amount, the amount admitted.
local function int(x) return string.format('%.0f', x) end
for i = 1, #KEYS do
  local base, at = KEYS[i], (i - 1) * 4
  local kind, entry, amount, admitted = ARGV[at + 1], ARGV[at + 2], tonumber(ARGV[at + 3]), tonumber(ARGV[at + 4])
  if kind == 'F' then
    local key = base .. ':' .. entry
    if redis.call('EXISTS', key) == 1 then
      if redis.call('INCRBY', key, int(amount - admitted)) < 0 then redis.call('SET', key, 0, 'KEEPTTL') end
    end
  elseif kind == 'C' then
    if amount == 0 then redis.call('ZREM', base .. ':leases', entry) end
  else
    -- The entry is the slot the admission was counted in (or, for one admitted before slots, its own id);
    -- a slot that has left the window is settled no more.
    -- Never below zero, as in process (EntryRing.settle): a settlement delivered twice (Lettuce re-sends
    -- what a lost connection left unanswered) must not free more than the slot holds.
    local held = tonumber(redis.call('HGET', base .. ':amt', entry) or false)
    if held then
      local settled = math.max(0, held + amount - admitted)
      redis.call('HSET', base .. ':amt', entry, int(settled))
      redis.call('INCRBY', base .. ':sum', int(settled - held))
    end
  end
end
return 1
