import { RECORD_FIELDS_LUA } from "./record-fields.js";

/**
 * Stores a batch and adds its counters in one atomic step.
 *
 * KEYS: records, ids, totals, models, days, then for each day of the batch its
 * totals hash and its per-model hash.
 * ARGV: groupCount, then per (day, model) group: dayIndex, dayMs, modelName and
 * the group's 10 counters summed by the client; then the ids as one JSON array,
 * then the members joined by newlines (a member never holds a raw newline: it is
 * digits and JSON). Two large arguments cost far less to send and parse than
 * thousands of small ones.
 *
 * A record whose id is already stored (or earlier in the batch) is skipped and its
 * share taken back out of its group's sums (decoded from its member only then), so
 * a retry or a racing writer never counts twice. The ids are checked with one
 * SMISMEMBER and the new records stored with one SADD and one ZADD per few
 * thousand values; the script runs atomically, so nothing comes between the check
 * and the writes. Every counter is checked against its limit before the first
 * write, so a refused batch leaves nothing behind. SMISMEMBER needs Redis 6.2 or
 * later.
 */
export const INGEST_LUA = `${RECORD_FIELDS_LUA}
local groupCount = tonumber(ARGV[1])
local GROUP_WIDTH, CHUNK, DAY = 13, 4000, 86400000
-- Below 2^63 by more than a double's rounding there, so no HINCRBY can overflow.
local COUNTER_LIMIT = 9.2e18
local base = 1 + groupCount * GROUP_WIDTH
local ids, blob = cjson.decode(ARGV[base + 1]), ARGV[base + 2]
local recordCount = #ids
local members, from = {}, 1
for i = 1, recordCount do
  local stop = string.find(blob, '\\n', from, true) or (#blob + 1)
  members[i] = string.sub(blob, from, stop - 1)
  from = stop + 1
end
-- One variadic command per few thousand values instead of one call per record.
local known = {}
for first = 1, recordCount, CHUNK do
  local last = math.min(first + CHUNK - 1, recordCount)
  local reply = redis.call('SMISMEMBER', KEYS[2], unpack(ids, first, last))
  for j = 1, #reply do known[first + j - 1] = reply[j] == 1 end
end
local groupOf = {}
for g = 1, groupCount do
  local at = 1 + (g - 1) * GROUP_WIDTH
  groupOf[ARGV[at + 2] .. '\\0' .. ARGV[at + 3]] = g
end
local fresh, duplicate, seen = {}, {}, {}
local newIds, newMembers = {}, {}
for i = 1, recordCount do
  local id = ids[i]
  if known[i] or seen[id] then
    local r = decode(members[i])
    local g = groupOf[fmt(math.floor(r[TS] / DAY) * DAY) .. '\\0' .. r[MODEL]]
    duplicate[g] = duplicate[g] or zeros()
    addInto(duplicate[g], contributions(r), 1)
  else
    seen[id] = true
    newIds[#newIds + 1] = id
    newMembers[#newMembers + 1] = 0
    newMembers[#newMembers + 1] = members[i]
  end
end
local totals, models, dayTotals, groupSums = zeros(), {}, {}, {}
for g = 1, groupCount do
  local at = 1 + (g - 1) * GROUP_WIDTH
  local dayIndex, model = tonumber(ARGV[at + 1]), ARGV[at + 3]
  local sums = zeros()
  for i = 1, 10 do sums[i] = tonumber(ARGV[at + 3 + i]) end
  if duplicate[g] then addInto(sums, duplicate[g], -1) end
  if sums[1] > 0 then
    groupSums[g] = sums
    addInto(totals, sums, 1)
    models[model] = models[model] or zeros()
    addInto(models[model], sums, 1)
    dayTotals[dayIndex] = dayTotals[dayIndex] or zeros()
    addInto(dayTotals[dayIndex], sums, 1)
  end
end
-- Every counter is checked before anything is written: HINCRBY fails past a
-- signed 64-bit integer, and a script stopped midway would keep its earlier
-- writes. A batch that would overflow any counter is refused whole.
local function fits(key, suffix, values)
  for i = 1, 10 do
    if values[i] ~= 0 then
      local now = tonumber(redis.call('HGET', key, CODES[i] .. suffix) or '0')
      local after = now + values[i]
      if after > COUNTER_LIMIT or after < -COUNTER_LIMIT then
        return redis.error_reply('GENIE_COUNTER_OVERFLOW counter ' .. CODES[i] .. ' of ' .. key ..
          ' would pass ' .. fmt(COUNTER_LIMIT))
      end
    end
  end
  return nil
end
local refused = fits(KEYS[3], '', totals)
for model, sums in pairs(models) do refused = refused or fits(KEYS[4], ':' .. model, sums) end
for dayIndex, sums in pairs(dayTotals) do refused = refused or fits(KEYS[4 + dayIndex * 2], '', sums) end
for g, sums in pairs(groupSums) do
  local at = 1 + (g - 1) * GROUP_WIDTH
  refused = refused or fits(KEYS[5 + tonumber(ARGV[at + 1]) * 2], ':' .. ARGV[at + 3], sums)
end
if refused then return refused end
for first = 1, #newIds, CHUNK do
  redis.call('SADD', KEYS[2], unpack(newIds, first, math.min(first + CHUNK - 1, #newIds)))
end
for first = 1, #newMembers, CHUNK do
  redis.call('ZADD', KEYS[1], unpack(newMembers, first, math.min(first + CHUNK - 1, #newMembers)))
end
for g, sums in pairs(groupSums) do
  local at = 1 + (g - 1) * GROUP_WIDTH
  local dayIndex, day = tonumber(ARGV[at + 1]), ARGV[at + 2]
  redis.call('ZADD', KEYS[5], day, day)
  bump(KEYS[5 + dayIndex * 2], ':' .. ARGV[at + 3], sums)
end
bump(KEYS[3], '', totals)
for model, sums in pairs(models) do bump(KEYS[4], ':' .. model, sums) end
for dayIndex, sums in pairs(dayTotals) do bump(KEYS[4 + dayIndex * 2], '', sums) end
return #newIds
`;
