import { SCAN_STEP_LUA } from "./scan-step.js";

/**
 * One step of a filtered summary: returns { cursor, examined, overall, models,
 * groups }. overall is the 10 counters then the first and last timestamp; models
 * is [name, 10 counters] per model; groups is [part per groupBy entry, 10
 * counters] per group.
 *
 * ARGV[5] is the groupBy JSON: [["d", position] | ["t", tagName] | ["s", slotMs]].
 * A group part is typed for the client: "s<text>", "n<number>", "b1" / "b0", or
 * "x" for not set; a time slot is "n" and the slot's index (floor(ts / slotMs)).
 */
export const SUM_SCAN_LUA = `${SCAN_STEP_LUA}
local groupBy = cjson.decode(ARGV[5])
local function typed(v)
  if v == nil or v == NULL then return 'x' end
  local kind = type(v)
  if kind == 'string' then return 's' .. v end
  if kind == 'boolean' then return v and 'b1' or 'b0' end
  return 'n' .. string.format('%.17g', v)
end
local function partsOf(r)
  local parts = {}
  for i, g in ipairs(groupBy) do
    if g[1] == 'd' then
      parts[i] = typed(r[g[2]])
    elseif g[1] == 't' then
      -- Not "t and t[name] or nil": a tag whose value is false must stay false.
      local t = r[TAGS]
      if t == NULL then parts[i] = 'x' else parts[i] = typed(t[g[2]]) end
    else
      parts[i] = 'n' .. fmt(math.floor(r[TS] / g[2]))
    end
  end
  return parts
end
local overall, first, last = zeros(), nil, nil
local models, groups, order = {}, {}, {}
for _, member in ipairs(rows) do
  local r = matching(member)
  if r then
    local values, ts, model = contributions(r), r[TS], r[MODEL]
    addInto(overall, values, 1)
    if first == nil or ts < first then first = ts end
    if last == nil or ts > last then last = ts end
    models[model] = models[model] or zeros()
    addInto(models[model], values, 1)
    if #groupBy > 0 then
      local parts = partsOf(r)
      local sized = {}
      for i, part in ipairs(parts) do sized[i] = #part .. ':' .. part end
      local key = table.concat(sized)
      if not groups[key] then
        groups[key] = { parts, zeros() }
        order[#order + 1] = key
      end
      addInto(groups[key][2], values, 1)
    end
  end
end
local function strings(values, into)
  for i = 1, 10 do into[#into + 1] = fmt(values[i]) end
  return into
end
local outOverall = strings(overall, {})
outOverall[11] = first and string.format('%.17g', first) or ''
outOverall[12] = last and string.format('%.17g', last) or ''
local outModels = {}
for model, values in pairs(models) do outModels[#outModels + 1] = strings(values, { model }) end
local outGroups = {}
for i, key in ipairs(order) do
  local g = groups[key]
  local row = {}
  for j, part in ipairs(g[1]) do row[j] = part end
  outGroups[i] = strings(g[2], row)
end
return { cursor, #rows, outOverall, outModels, outGroups }
`;
