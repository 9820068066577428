import { SCAN_STEP_LUA } from "./scan-step.js";

/** One step of listing: returns { cursor, examined, matching members }. */
export const LIST_SCAN_LUA = `${SCAN_STEP_LUA}
local found = {}
for _, member in ipairs(rows) do
  if matching(member) then found[#found + 1] = member end
end
return { cursor, #rows, found }
`;
