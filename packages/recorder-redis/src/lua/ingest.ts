import { RECORD_FIELDS_LUA } from "./record-fields.js";

/**
 * Stores a batch and adds its counters in one atomic step.
 *
 * KEYS: records, ids, totals, models, days, then for each day of the batch its
 * totals hash and its per-model hash.
 * ARGV: groupCount, recordCount, then per (day, model) group: dayIndex, dayMs,
 * modelName and the group's 10 counters summed by the client, then per record:
 * id, member, groupIndex.
 *
 * A record whose id is already stored is skipped and its share taken back out of
 * its group's sums (decoded from its member only then), so a retry or a racing
 * writer never counts twice, and the common path costs two commands a record.
 */
export const INGEST_LUA = `${RECORD_FIELDS_LUA}
local groupCount, recordCount = tonumber(ARGV[1]), tonumber(ARGV[2])
local GROUP_WIDTH = 13
local base = 2 + groupCount * GROUP_WIDTH
local fresh, duplicate = {}, {}
local stored = 0
for i = 0, recordCount - 1 do
  local at = base + i * 3
  local g = tonumber(ARGV[at + 3])
  if redis.call('SADD', KEYS[2], ARGV[at + 1]) == 1 then
    redis.call('ZADD', KEYS[1], 0, ARGV[at + 2])
    stored = stored + 1
    fresh[g] = true
  else
    duplicate[g] = duplicate[g] or zeros()
    addInto(duplicate[g], contributions(decode(ARGV[at + 2])), 1)
  end
end
local totals, models, dayTotals = zeros(), {}, {}
for g = 1, groupCount do
  if fresh[g] then
    local at = 2 + (g - 1) * GROUP_WIDTH
    local dayIndex, day, model = tonumber(ARGV[at + 1]), ARGV[at + 2], ARGV[at + 3]
    local sums = zeros()
    for i = 1, 10 do sums[i] = tonumber(ARGV[at + 3 + i]) end
    if duplicate[g] then addInto(sums, duplicate[g], -1) end
    addInto(totals, sums, 1)
    models[model] = models[model] or zeros()
    addInto(models[model], sums, 1)
    if not dayTotals[dayIndex] then
      dayTotals[dayIndex] = zeros()
      redis.call('ZADD', KEYS[5], day, day)
    end
    addInto(dayTotals[dayIndex], sums, 1)
    bump(KEYS[5 + dayIndex * 2], ':' .. model, sums)
  end
end
bump(KEYS[3], '', totals)
for model, sums in pairs(models) do bump(KEYS[4], ':' .. model, sums) end
for dayIndex, sums in pairs(dayTotals) do bump(KEYS[4 + dayIndex * 2], '', sums) end
return stored
`;
