/**
 * Reads counters only, never records: the cost does not grow with the records.
 *
 * KEYS: records, totals, models, days.
 * ARGV: wantOverall, wantDayTotals, wantDayModels ("1" or "0"), first day, last
 * day (ZRANGEBYSCORE bounds), first and last record (ZRANGEBYLEX bounds), day
 * totals key prefix, day models key prefix.
 *
 * Returns { totals, models, days, dayTotals, dayModels, firstMember, lastMember }
 * with every hash as HGETALL gives it; the two members carry the exact first and
 * last timestamps of the range.
 */
export const READ_COUNTERS_LUA = `
local overall = ARGV[1] == '1'
local wantTotals, wantModels = ARGV[2] == '1', ARGV[3] == '1'
local totals = overall and redis.call('HGETALL', KEYS[2]) or {}
local models = overall and redis.call('HGETALL', KEYS[3]) or {}
local days, dayTotals, dayModels = {}, {}, {}
if wantTotals or wantModels then
  days = redis.call('ZRANGEBYSCORE', KEYS[4], ARGV[4], ARGV[5])
  for i, day in ipairs(days) do
    dayTotals[i] = wantTotals and redis.call('HGETALL', ARGV[8] .. day) or {}
    dayModels[i] = wantModels and redis.call('HGETALL', ARGV[9] .. day) or {}
  end
end
local first = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[6], ARGV[7], 'LIMIT', 0, 1)
local last = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[7], ARGV[6], 'LIMIT', 0, 1)
return { totals, models, days, dayTotals, dayModels, first[1] or false, last[1] or false }
`;
