-- What the counter KEYS[1] holds now. ARGV: kind, now (ms), window (ms). Returns {used, reset (ms)}.
local kind, now, win = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local base = KEYS[1]
if kind == 'F' then
  local start = math.floor(now / win) * win
  return {tonumber(redis.call('GET', base .. ':' .. string.format('%.0f', start)) or '0'), start + win}
end
if kind == 'C' then
  return {redis.call('ZCOUNT', base .. ':leases', '(' .. now, '+inf'), now}
end
local live = redis.call('ZRANGEBYSCORE', base .. ':log', '(' .. (now - win), '+inf', 'WITHSCORES')
local used = 0
for i = 1, #live, 2 do used = used + tonumber(redis.call('HGET', base .. ':amt', live[i]) or '0') end
local reset = now + win
if #live > 0 then reset = tonumber(live[2]) + win end
return {used, reset}
