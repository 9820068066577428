/**
 * Removes every key of the namespace at once and returns how many records there
 * were. UNLINK frees the memory in the background, so a large namespace does not
 * stall the server.
 *
 * KEYS: records, ids, totals, models, days. ARGV: day totals and day models key prefixes.
 */
export const CLEAR_ALL_LUA = `
local count = redis.call('ZCARD', KEYS[1])
for _, day in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
  redis.call('UNLINK', ARGV[1] .. day, ARGV[2] .. day)
end
redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
return count
`;
