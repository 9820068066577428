import { randomBytes } from "node:crypto";
import {
  accumulate,
  buildSummary,
  createAccumulator,
  groupKeyOf,
  matchesFilter,
  normalizeQuery,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
  type UsageGroup,
  type UsageQuery,
  type UsageRecord,
  type UsageRecordInput,
  type UsageSummary,
  validateUsageRecord,
} from "@genie/usage-core";
import pg from "pg";

export const POSTGRES_URL =
  process.env.GENIE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema name only this test file uses. */
export function testSchema(label: string): string {
  return `genie_test_${label}_${randomBytes(4).toString("hex")}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export function record(input: UsageRecordInput): UsageRecord {
  return validateUsageRecord(input);
}

/** The reference: the summary computed in memory, record by record. */
export function referenceSummary(records: readonly UsageRecord[], query: UsageQuery = {}) {
  const q = normalizeQuery(query);
  const overall = createAccumulator();
  const models = new Map<string, TotalsAccumulator>();
  const groups = new Map<string, { key: UsageGroup["key"]; acc: TotalsAccumulator }>();
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.id) || !matchesFilter(r, q.filter)) continue;
    seen.add(r.id);
    accumulate(overall, r);
    const model = models.get(r.modelName) ?? createAccumulator();
    models.set(r.modelName, model);
    accumulate(model, r);
    if (q.groupBy.length > 0) {
      const key = groupKeyOf(r, q.groupBy, q.timeZone);
      const id = JSON.stringify(q.groupBy.map((g) => [typeof key[g.name], key[g.name]]));
      const group = groups.get(id) ?? { key, acc: createAccumulator() };
      groups.set(id, group);
      accumulate(group.acc, r);
    }
  }
  const list =
    q.groupBy.length > 0
      ? sortGroups(
          [...groups.values()].map((g) => ({ key: g.key, ...toTotals(g.acc) })),
          q.groupBy,
        )
      : undefined;

  return buildSummary(overall, models, list) as UsageSummary;
}

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "llama3.1", "gemini-1.5-pro"];

/** Deterministic pseudo-random records (mulberry32), spread over `spanMs` from `start`. */
export function sampleRecords(
  count: number,
  seed = 1,
  start = 1_767_225_600_000,
  spanMs = 86_400_000 * 90,
) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const out: UsageRecord[] = [];
  for (let i = 0; i < count; i++) {
    const prompt = next() < 0.05 ? null : Math.floor(next() * 5000);
    const completion = Math.floor(next() * 2000);
    out.push(
      record({
        providerId: pick(["openai", "anthropic", "ollama"]),
        modelName: pick(MODELS),
        promptTokens: prompt,
        completionTokens: completion,
        cachedPromptTokens: prompt !== null && next() < 0.3 ? Math.floor(prompt / 3) : null,
        reasoningTokens: next() < 0.2 ? Math.floor(completion / 2) : null,
        cacheWriteTokens: prompt !== null && next() < 0.1 ? Math.floor(prompt / 4) : null,
        timestamp: start + Math.floor(next() * spanMs),
        callType: pick(["chat", "generate", null]),
        userId: pick(["alice", "bob", "carol", null]),
        sessionId: next() < 0.5 ? `s${Math.floor(next() * 20)}` : null,
        customTags: next() < 0.7 ? { team: pick(["a", "b"]), tier: pick([1, 2, true]) } : null,
        costUsd: next() < 0.2 ? null : Math.floor(next() * 1e6) / 1e7,
      }),
    );
  }

  return out;
}

/** Records with fixed caller ids that several writers all record: stored once. */
export function sharedRecords(): UsageRecord[] {
  return sampleRecords(1000, 999).map((r, i) => ({ ...r, id: `shared-${i}`, idSource: "caller" }));
}
