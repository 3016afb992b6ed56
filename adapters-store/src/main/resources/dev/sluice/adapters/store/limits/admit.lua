-- Admits one request against every counter it falls under, all or nothing: each counter i (KEYS[i], its
-- keys' common prefix) is checked first, and only if every one fits are they all counted.
-- ARGV[1]: now (ms); then per counter: kind (F fixed, S sliding, C concurrent), window or lease (ms),
-- limit, amount. A counter fits when it is under its limit and stays within it after the amount.
-- Returns per counter {counted (1/0), used, reset (ms), entry}. Every key shares one hash tag: the gateway's.
-- A sliding window keeps a slot per step, not an entry per request: the step is a millisecond for windows up to
-- MAX_SLOTS ms (65.5 s) and window / MAX_SLOTS beyond, a request counts at its time rounded up to a step, and
-- the slot (its time as member and score) sums the amounts counted in it; so a window holds at most
-- MAX_SLOTS + 1 members whatever the traffic, as EmbeddedLimitCounters does in process.
local now = tonumber(ARGV[1])
local MAX_SLOTS = 65535
local function int(x) return string.format('%.0f', x) end
local function step(win) return math.max(1, math.ceil(win / MAX_SLOTS)) end
-- A refused sliding counter's reset is when enough of it has left the window for the amount to fit, the oldest slots
-- leaving first (read up to a thousand of them; past those, the thousandth's time), as EntryRing.fitsAfter in process.
local function fitsAfter(base, win, limit, amount, sum)
  local slots = redis.call('ZRANGE', base .. ':log', 0, 999, 'WITHSCORES')
  if #slots == 0 then return now + win end
  local members = {}
  for j = 1, #slots, 2 do members[#members + 1] = slots[j] end
  local amts = redis.call('HMGET', base .. ':amt', unpack(members))
  local left, last = sum, now
  for j = 1, #members do
    left = left - tonumber(amts[j] or '0')
    last = tonumber(slots[2 * j])
    if left < limit and left + amount <= limit then break end
  end
  return last + win
end
local n = #KEYS
local kinds, wins, limits, amounts, used, resets, starts = {}, {}, {}, {}, {}, {}, {}
local all = true

for i = 1, n do
  local base, at = KEYS[i], 2 + (i - 1) * 4
  local kind, win = ARGV[at], tonumber(ARGV[at + 1])
  kinds[i], wins[i], limits[i], amounts[i] = kind, win, tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
  if kind == 'F' then
    local start = math.floor(now / win) * win
    starts[i] = start
    used[i] = tonumber(redis.call('GET', base .. ':' .. int(start)) or '0')
    resets[i] = start + win
  elseif kind == 'C' then
    redis.call('ZREMRANGEBYSCORE', base .. ':leases', '-inf', now)
    used[i] = redis.call('ZCARD', base .. ':leases')
    resets[i] = now
  else
    local log, amt, sum = base .. ':log', base .. ':amt', base .. ':sum'
    while true do
      local expired = redis.call('ZRANGEBYSCORE', log, '-inf', now - win, 'LIMIT', 0, 500)
      if #expired == 0 then break end
      local total = 0
      for _, value in ipairs(redis.call('HMGET', amt, unpack(expired))) do total = total + tonumber(value or '0') end
      redis.call('DECRBY', sum, int(total))
      redis.call('HDEL', amt, unpack(expired))
      redis.call('ZREM', log, unpack(expired))
    end
    used[i] = tonumber(redis.call('GET', sum) or '0')
    if used[i] < limits[i] and used[i] + amounts[i] <= limits[i] then
      local oldest = redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')
      resets[i] = #oldest > 0 and tonumber(oldest[2]) + win or now + win
    else
      resets[i] = fitsAfter(base, win, limits[i], amounts[i], used[i])
    end
  end
  if not (used[i] < limits[i] and used[i] + amounts[i] <= limits[i]) then all = false end
end

local result = {}
for i = 1, n do
  local base, kind, win, amount = KEYS[i], kinds[i], wins[i], amounts[i]
  local id = 0
  if all then
    if kind == 'F' then
      local key = base .. ':' .. int(starts[i])
      redis.call('INCRBY', key, int(amount))
      redis.call('PEXPIRE', key, int(win + 1000))
      id = starts[i]
    elseif kind == 'C' then
      id = redis.call('INCR', base .. ':seq')
      redis.call('ZADD', base .. ':leases', now + win, id)
      redis.call('PEXPIRE', base .. ':leases', int(win + 1000))
      redis.call('PEXPIRE', base .. ':seq', int(win + 1000))
    else
      local size = step(win)
      id = math.ceil(now / size) * size
      redis.call('ZADD', base .. ':log', id, int(id))
      redis.call('HINCRBY', base .. ':amt', int(id), int(amount))
      redis.call('INCRBY', base .. ':sum', int(amount))
      for _, suffix in ipairs({':log', ':amt', ':sum'}) do redis.call('PEXPIRE', base .. suffix, int(win + size + 1000)) end
    end
    used[i] = used[i] + amount
  end
  result[#result + 1] = all and 1 or 0
  result[#result + 1] = used[i]
  result[#result + 1] = resets[i]
  result[#result + 1] = id
end
return result
