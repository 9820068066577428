import { RECORD_FIELDS_LUA } from "./record-fields.js";

/**
 * The start of every scan script: one bounded step over the time-ordered records,
 * at most `limit` members from `start` to `stop` (ZRANGEBYLEX bounds), and the
 * server-side filter. The step's cursor is the last member examined.
 *
 * KEYS: records, ids, totals, models, days.
 * ARGV: start, stop, limit, filter JSON, then what the script itself needs.
 * Filter JSON: { since, before, dims: [[position, [values], acceptsNull]],
 * tags: [[name, value]], needles: [[fragment, ...]] } (see scan-filter.ts).
 */
export const SCAN_STEP_LUA = `${RECORD_FIELDS_LUA}
local rows = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local filter = cjson.decode(ARGV[4])
local since, before = filter.since, filter.before
local dims, tags = {}, filter.tags
for i, d in ipairs(filter.dims) do
  local accepted = {}
  for _, v in ipairs(d[2]) do accepted[v] = true end
  dims[i] = { d[1], accepted, d[3] }
end
local function matches(r)
  local ts = r[TS]
  if since ~= NULL and ts < since then return false end
  if before ~= NULL and ts >= before then return false end
  for i = 1, #dims do
    local d = dims[i]
    local v = r[d[1]]
    if v == NULL then
      if not d[3] then return false end
    elseif not d[2][v] then
      return false
    end
  end
  if #tags > 0 then
    local t = r[TAGS]
    if t == NULL then return false end
    for i = 1, #tags do
      if t[tags[i][1]] ~= tags[i][2] then return false end
    end
  end
  return true
end
local needles = filter.needles
-- The decoded record when a member matches, else nil; plain substring tests first.
local function matching(member)
  for i = 1, #needles do
    local found = false
    for _, needle in ipairs(needles[i]) do
      if string.find(member, needle, 18, true) then
        found = true
        break
      end
    end
    if not found then return nil end
  end
  local r = decode(member)
  if matches(r) then return r end
  return nil
end
local cursor = rows[#rows] or false
`;
