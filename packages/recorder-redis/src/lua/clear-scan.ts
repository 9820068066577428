import { SCAN_STEP_LUA } from "./scan-step.js";

/**
 * One step of clearing: removes the matching records of the step and takes their
 * share out of the namespace, model, day and day-model counters in the same step.
 * Counters that reach zero are deleted, and a day without records leaves the day
 * index. Returns { cursor, examined, removed }.
 *
 * ARGV[5], ARGV[6]: the key prefixes of a day's totals and per-model hashes.
 */
export const CLEAR_SCAN_LUA = `${SCAN_STEP_LUA}
local DAY = 86400000
local totals, models, days = zeros(), {}, {}
local removed = 0
for _, member in ipairs(rows) do
  local r = matching(member)
  if r and redis.call('ZREM', KEYS[1], member) == 1 then
    redis.call('SREM', KEYS[2], r[ID])
    removed = removed + 1
    local values, model = contributions(r), r[MODEL]
    local day = fmt(math.floor(r[TS] / DAY) * DAY)
    addInto(totals, values, 1)
    models[model] = models[model] or zeros()
    addInto(models[model], values, 1)
    days[day] = days[day] or { zeros(), {} }
    addInto(days[day][1], values, 1)
    days[day][2][model] = days[day][2][model] or zeros()
    addInto(days[day][2][model], values, 1)
  end
end
local function negate(values)
  local out = zeros()
  addInto(out, values, -1)
  return out
end
local function dropModelIfEmpty(key, model)
  local n = tonumber(redis.call('HGET', key, 'n:' .. model) or '0')
  if n <= 0 then
    for i = 1, 10 do redis.call('HDEL', key, CODES[i] .. ':' .. model) end
  end
end
if removed > 0 then
  bump(KEYS[3], '', negate(totals))
  if tonumber(redis.call('HGET', KEYS[3], 'n') or '0') <= 0 then redis.call('DEL', KEYS[3]) end
  for model, values in pairs(models) do
    bump(KEYS[4], ':' .. model, negate(values))
    dropModelIfEmpty(KEYS[4], model)
  end
  for day, d in pairs(days) do
    local totalsKey, modelsKey = ARGV[5] .. day, ARGV[6] .. day
    bump(totalsKey, '', negate(d[1]))
    if tonumber(redis.call('HGET', totalsKey, 'n') or '0') <= 0 then
      redis.call('DEL', totalsKey, modelsKey)
      redis.call('ZREM', KEYS[5], day)
    else
      for model, values in pairs(d[2]) do
        bump(modelsKey, ':' .. model, negate(values))
        dropModelIfEmpty(modelsKey, model)
      end
    end
  end
end
return { cursor, #rows, removed }
`;
