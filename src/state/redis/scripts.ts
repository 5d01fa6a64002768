/**
 * The Lua scripts behind the Redis CounterStore: one script per call, so each call is one round
 * trip and atomic (Redis runs a script with nothing interleaved). Time comes from the server's
 * TIME, so nodes with skewed clocks agree on when holds lapse.
 *
 * Numbers cross into Redis as strings made by `int()`: Lua turns large numbers into exponent
 * notation, which INCRBY and HINCRBY refuse. Amounts stay strings inside hold records too.
 *
 * KEYS[1..4] are a tag's bookkeeping (see keys.ts); KEYS[5..] are counter keys.
 */

const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function int(n) return string.format('%d', n) end
local function unhold(rec)
  for _, it in ipairs(rec.i) do
    if tonumber(it[2]) > 0 and redis.call('HINCRBY', KEYS[3], it[1], int(-tonumber(it[2]))) <= 0 then
      redis.call('HDEL', KEYS[3], it[1])
    end
  end
end
-- Lapsed holds stop counting; records past retention are forgotten. Bounded per call: any left
-- over still count as held until a later call, which can only refuse early, never overspend.
local function lapse(now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', int(now), 'LIMIT', 0, 500)) do
    local raw = redis.call('HGET', KEYS[2], id)
    if raw then unhold(cjson.decode(raw)) end
    redis.call('ZREM', KEYS[1], id)
  end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', int(now), 'LIMIT', 0, 500)) do
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[4], id)
  end
end
-- Bookkeeping lives as long as its newest record, so an idle tag leaves nothing behind.
local function keep_alive()
  local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
  if last[2] then
    for i = 1, 4 do redis.call('PEXPIREAT', KEYS[i], last[2]) end
  end
end
local function finish(rec, id, now, keep, state)
  rec.s = state
  redis.call('HSET', KEYS[2], id, cjson.encode(rec))
  redis.call('ZADD', KEYS[4], int(now + keep), id)
  keep_alive()
end
`;

/** add: KEYS[1] counter; ARGV delta, ttlMs. Creates at 0 with the ttl, then adds. */
export const ADD_SCRIPT = `
redis.call('SET', KEYS[1], '0', 'PX', ARGV[2], 'NX')
return redis.call('INCRBY', KEYS[1], ARGV[1])
`;

/**
 * reserve: ARGV id, ttlMs, retentionMs, then amount, limit, windowTtlMs (0 = none) per item.
 * Returns {1, expiresAt}, {0, {{itemIndex, used, held, resetsAt or -1}, …}}, or {2} when the id
 * was already used by a finished hold.
 */
export const RESERVE_SCRIPT = `${PRELUDE}
local now = now_ms()
lapse(now)
local id, ttl, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local raw = redis.call('HGET', KEYS[2], id)
if raw then
  local rec = cjson.decode(raw)
  if rec.s == 'h' and tonumber(rec.e) > now then return {1, rec.e} end
  return {2}
end
local over = {}
for j = 1, #KEYS - 4 do
  local k = KEYS[4 + j]
  local amount, limit, window = tonumber(ARGV[3 * j + 1]), tonumber(ARGV[3 * j + 2]), tonumber(ARGV[3 * j + 3])
  local used = tonumber(redis.call('GET', k) or '0')
  local held = tonumber(redis.call('HGET', KEYS[3], k) or '0')
  if used + held + amount > limit then
    local resets = -1
    if window > 0 then
      local pttl = redis.call('PTTL', k)
      if pttl > 0 then resets = now + pttl end
    end
    over[#over + 1] = {j, int(used), int(held), int(resets)}
  end
end
if #over > 0 then return {0, over} end
local items = {}
for j = 1, #KEYS - 4 do
  local k, amount, window = KEYS[4 + j], ARGV[3 * j + 1], ARGV[3 * j + 3]
  if tonumber(amount) > 0 then redis.call('HINCRBY', KEYS[3], k, amount) end
  if tonumber(window) > 0 then redis.call('SET', k, '0', 'PX', window, 'NX') end
  items[j] = {k, amount, window}
end
local exp = now + ttl
redis.call('ZADD', KEYS[1], int(exp), id)
finish({e = int(exp), i = items}, id, exp, keep, 'h')
return {1, int(exp)}
`;

/**
 * settle: KEYS[5..] the counters named in \`actual\`; ARGV id, retentionMs, then their amounts.
 * Returns {status, lapsed 0/1}, or {'badkey', index into actual} before changing anything.
 */
export const SETTLE_SCRIPT = `${PRELUDE}
local now = now_ms()
lapse(now)
local id, keep = ARGV[1], tonumber(ARGV[2])
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return {'unknown', 0} end
local rec = cjson.decode(raw)
if rec.s == 's' then return {'duplicate', 0} end
if rec.s == 'r' then return {'released', 0} end
local window = {}
for _, it in ipairs(rec.i) do window[it[1]] = tonumber(it[3]) end
for j = 5, #KEYS do
  if window[KEYS[j]] == nil then return {'badkey', j - 4} end
end
local lapsed = tonumber(rec.e) <= now
if not lapsed then
  unhold(rec)
  redis.call('ZREM', KEYS[1], id)
end
for j = 5, #KEYS do
  local k, amount = KEYS[j], ARGV[j - 2]
  if tonumber(amount) > 0 then
    local fresh = redis.call('EXISTS', k) == 0
    redis.call('INCRBY', k, amount)
    if fresh and window[k] > 0 then redis.call('PEXPIRE', k, int(window[k])) end
  end
end
finish(rec, id, now, keep, 's')
return {'settled', lapsed and 1 or 0}
`;

/** release: ARGV id, retentionMs. Returns 1 when an active hold was dropped. */
export const RELEASE_SCRIPT = `${PRELUDE}
local now = now_ms()
lapse(now)
local id, keep = ARGV[1], tonumber(ARGV[2])
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return 0 end
local rec = cjson.decode(raw)
if rec.s ~= 'h' then return 0 end
local active = tonumber(rec.e) > now
if active then
  unhold(rec)
  redis.call('ZREM', KEYS[1], id)
end
finish(rec, id, now, keep, 'r')
return active and 1 or 0
`;
