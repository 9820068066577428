import {
  normalizeFilter,
  normalizeQuery,
  type UsageFilter,
  type UsageQuery,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";
import { expect } from "vitest";
import type { Harness } from "./harness.js";
import { ReferenceStore } from "./reference/reference-store.js";
import { contractView } from "./summary-shape.js";

/** Hands records over one after another, each awaited. */
export async function recordInOrder(
  recorder: UsageRecorder,
  records: readonly UsageRecord[],
): Promise<void> {
  for (const record of records) await recorder.recordUsage(record);
}

/** Hands every record over at once and waits for all of them. */
export async function recordAtOnce(
  recorder: UsageRecorder,
  records: readonly UsageRecord[],
): Promise<void> {
  await Promise.all(records.map((record) => recorder.recordUsage(record)));
}

/** Flushes, then asks for a summary, the way an application reads its totals. */
export async function readSummary(
  recorder: UsageRecorder,
  query?: UsageQuery,
): Promise<UsageSummary> {
  await recorder.flush();

  return recorder.getSummary(normalizeQuery(query));
}

/** Asserts that `summary` equals the reference's answer to `query`, field by field. */
export function expectSameSummary(
  summary: UsageSummary,
  reference: ReferenceStore,
  query?: UsageQuery,
): void {
  expect(contractView(summary)).toEqual(contractView(reference.summary(normalizeQuery(query))));
}

/** Reads a summary and compares it with the reference. */
export async function expectSummary(
  recorder: UsageRecorder,
  reference: ReferenceStore,
  query?: UsageQuery,
): Promise<UsageSummary> {
  const summary = await readSummary(recorder, query);
  expectSameSummary(summary, reference, query);

  return summary;
}

/** Clears on both sides and asserts the same count. `undefined` clears all. */
export async function expectClear(
  recorder: UsageRecorder,
  reference: ReferenceStore,
  filter: UsageFilter | undefined,
): Promise<number> {
  const normalized = filter === undefined ? undefined : normalizeFilter(filter);
  const expected = reference.clear(normalized);
  const removed = await recorder.clearRecords(normalized);
  expect(removed).toBe(expected);

  return removed;
}

/** A fresh recorder and a reference, both holding `records` (recorded in order). */
export async function startWith(
  harness: Harness,
  records: readonly UsageRecord[],
): Promise<{ recorder: UsageRecorder; reference: ReferenceStore }> {
  const recorder = await harness.fresh();
  const reference = new ReferenceStore();
  reference.addAll(records);
  await recordInOrder(recorder, records);

  return { recorder, reference };
}
