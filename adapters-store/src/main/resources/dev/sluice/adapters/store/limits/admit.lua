-- Counts ARGV[5] against ARGV[4] on the counter KEYS[1] if it is under its limit and stays within it.
-- ARGV: kind (F fixed, S sliding, C concurrent), now (ms), window or lease (ms), limit, amount.
-- Returns {allowed (1/0), used, reset (ms), entry}. Every key of a counter shares KEYS[1]'s hash tag.
local kind, now, win = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local limit, amount = tonumber(ARGV[4]), tonumber(ARGV[5])
local base = KEYS[1]
local function fits(used) return used < limit and used + amount <= limit end
local function int(x) return string.format('%.0f', x) end

if kind == 'F' then
  local start = math.floor(now / win) * win
  local key = base .. ':' .. int(start)
  local used = tonumber(redis.call('GET', key) or '0')
  local allowed = fits(used)
  if allowed then
    used = redis.call('INCRBY', key, int(amount))
    redis.call('PEXPIRE', key, int(win + 1000))
  end
  return {allowed and 1 or 0, used, start + win, start}
end

if kind == 'C' then
  local leases, seq = base .. ':leases', base .. ':seq'
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  local used = redis.call('ZCARD', leases)
  local allowed = fits(used)
  local id = 0
  if allowed then
    id = redis.call('INCR', seq)
    redis.call('ZADD', leases, now + win, id)
    used = used + 1
    redis.call('PEXPIRE', leases, int(win + 1000))
    redis.call('PEXPIRE', seq, int(win + 1000))
  end
  return {allowed and 1 or 0, used, now, id}
end

local log, amounts, sum, seq = base .. ':log', base .. ':amt', base .. ':sum', base .. ':seq'
local cutoff = now - win
while true do
  local expired = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff, 'LIMIT', 0, 500)
  if #expired == 0 then break end
  local total = 0
  for _, value in ipairs(redis.call('HMGET', amounts, unpack(expired))) do total = total + tonumber(value or '0') end
  redis.call('DECRBY', sum, int(total))
  redis.call('HDEL', amounts, unpack(expired))
  redis.call('ZREM', log, unpack(expired))
end
local used = tonumber(redis.call('GET', sum) or '0')
local allowed = fits(used)
local id = 0
if allowed then
  id = redis.call('INCR', seq)
  redis.call('ZADD', log, now, id)
  redis.call('HSET', amounts, id, int(amount))
  used = redis.call('INCRBY', sum, int(amount))
end
local oldest = redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')
local reset = now + win
if #oldest > 0 then reset = tonumber(oldest[2]) + win end
for _, key in ipairs({log, amounts, sum, seq}) do redis.call('PEXPIRE', key, int(win + 1000)) end
return {allowed and 1 or 0, used, reset, id}
