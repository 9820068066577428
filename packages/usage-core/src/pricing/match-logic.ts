import type { MatchLogic } from "@pydantic/genai-prices";

/**
 * The catalog's own model-matching grammar, evaluated as its data documents it:
 * case-insensitive equals / starts_with / ends_with / contains, a regex as
 * written, and `and` / `or` of those.
 */
export function matchesLogic(logic: MatchLogic, name: string): boolean {
  if ("or" in logic) return logic.or.some((part) => matchesLogic(part, name));
  if ("and" in logic) return logic.and.every((part) => matchesLogic(part, name));
  const lower = name.toLowerCase();
  if ("equals" in logic) return lower === logic.equals.toLowerCase();
  if ("starts_with" in logic) return lower.startsWith(logic.starts_with.toLowerCase());
  if ("ends_with" in logic) return lower.endsWith(logic.ends_with.toLowerCase());
  if ("contains" in logic) return lower.includes(logic.contains.toLowerCase());
  if ("regex" in logic) return new RegExp(logic.regex).test(name);

  return false;
}

// A compact snapshot date, `-20240806`, as the catalog also lists it: `-2024-08-06`.
const COMPACT_DATE = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/** The name with compact snapshot dates written with dashes, or null when it has none. */
export function withDashedDates(name: string): string | null {
  const dashed = name.replace(COMPACT_DATE, "-$1-$2-$3");

  return dashed === name ? null : dashed;
}
