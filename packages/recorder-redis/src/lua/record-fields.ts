/**
 * Lua shared by the scripts that read stored records: positions in a member's
 * JSON array (see encode-record.ts), and a record's contribution to each counter
 * in COUNTER_CODES order. Lua numbers are doubles, so counters travel back to
 * Redis and to Node as "%.0f" strings: exact up to 2^53, like a JS number.
 */
export const RECORD_FIELDS_LUA = `
local NULL = cjson.null
local TS, ID, MODEL, TAGS = 1, 2, 5, 17
local function num(v) if v == NULL then return 0 end return v end
local function fmt(x) return string.format('%.0f', x) end
local function decode(member) return cjson.decode(string.sub(member, 17)) end
local function contributions(r)
  local total = num(r[11])
  if r[15] == NULL then
    return { 1, num(r[9]), num(r[10]), total, num(r[12]), num(r[13]), num(r[14]), 0, 1, total }
  end
  return { 1, num(r[9]), num(r[10]), total, num(r[12]), num(r[13]), num(r[14]), r[15], 0, 0 }
end
local CODES = { 'n', 'p', 'c', 't', 'cp', 'cw', 'r', 'usd', 'un', 'ut' }
local function addInto(target, values, sign)
  for i = 1, 10 do target[i] = target[i] + sign * values[i] end
end
local function zeros() return { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } end
-- Adds values to the counters of a hash: fields CODES[i] .. suffix ('' or ':' .. model).
local function bump(key, suffix, values)
  for i = 1, 10 do
    if values[i] ~= 0 then redis.call('HINCRBY', key, CODES[i] .. suffix, fmt(values[i])) end
  end
end
`;

/** Record positions of the filterable dimensions, 1-based as Lua indexes them. */
export const DIMENSION_POSITIONS = {
  providerId: 4,
  modelName: 5,
  callType: 6,
  userId: 7,
  sessionId: 8,
} as const;
