/** Attribution a record would refuse, and the field each error must name. */
export const BAD_ATTRIBUTION: readonly [string, Record<string, unknown>, string][] = [
  ["tags as a string", { tags: "abc" }, "tags"],
  ["tags as an array", { tags: ["x"] }, "tags"],
  ["tags as a Map", { tags: new Map([["a", 1]]) }, "tags"],
  ["a nested tag", { tags: { team: { id: 1 } } }, "tags.team"],
  ["a userId that is a number", { userId: 42 }, "userId"],
  ["an empty sessionId", { sessionId: "" }, "sessionId"],
];
