import { randomBytes } from "node:crypto";
import {
  accumulate,
  buildSummary,
  createAccumulator,
  groupKeyOf,
  matchesFilter,
  type NormalizedQuery,
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
import { Cluster, Redis } from "ioredis";
import { inject } from "vitest";
import type { RedisClient } from "../src/types.js";

export const REDIS_URL = process.env.GENIE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A namespace of its own for one test file: `genie-test-<name>-<random>`. */
export function uniquePrefix(name: string): string {
  return `genie-test-${name}-${randomBytes(4).toString("hex")}`;
}

export interface Target {
  readonly name: string;
  connect(): RedisClient;
}

/** The real single server and the three-master cluster the global setup started. */
export function targets(): Target[] {
  const nodes = inject("redisClusterNodes");

  return [
    { name: "single", connect: () => new Redis(REDIS_URL) },
    {
      name: "cluster",
      connect: () =>
        new Cluster(
          nodes.map((url) => {
            const u = new URL(url);
            return { host: u.hostname, port: Number(u.port) };
          }),
        ),
    },
  ];
}

/** Every key of a namespace; SCAN on each master of a cluster. */
export async function keysOf(client: RedisClient, prefix: string): Promise<string[]> {
  const match = `{${prefix}}:*`;
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", match, "COUNT", 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== "0");
  }

  return found.sort();
}

/** Deletes what a test namespace left behind (and nothing else). */
export async function deleteNamespace(client: RedisClient, prefix: string): Promise<void> {
  const keys = await keysOf(client, prefix);
  for (const key of keys) await client.unlink(key);
}

/** A seeded pseudo-random generator, so a failing case can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ["gpt-4o", "a:b", "a", "claude*", "m?[x]", "n:a", "llama 3.1"];
const USERS = [null, "alice", "bob", "c:d", "*"];
const DAY = 86_400_000;
export const BASE_TIME = Date.UTC(2026, 2, 27, 20, 0, 0); // spans the 2026 European DST change

/** Records covering nulls, costs, tags of every type, odd names and fractional times. */
export function makeRecords(count: number, seed: number, idPrefix = "r"): UsageRecord[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const maybe = (n: number): number | null => (next() < 0.15 ? null : Math.floor(next() * n));
  return Array.from({ length: count }, (_, i) => {
    const prompt = maybe(5000);
    const input: UsageRecordInput = {
      id: `${idPrefix}-${i}`,
      providerId: pick(["openai", "anthropic", "ollama"]),
      modelName: pick(MODELS),
      promptTokens: prompt,
      completionTokens: maybe(2000),
      cachedPromptTokens: prompt !== null && next() < 0.3 ? Math.floor(prompt / 2) : null,
      timestamp: BASE_TIME + Math.floor(next() * 12 * DAY) + (next() < 0.1 ? 0.5 : 0),
      callType: pick([null, "chat", "generate"]),
      userId: pick(USERS),
      sessionId: next() < 0.5 ? null : `s${Math.floor(next() * 4)}`,
      costUsd: next() < 0.2 ? null : Math.floor(next() * 1e6) / 1e7,
      customTags:
        next() < 0.3
          ? null
          : { team: pick(["x", "y", 1, true, false]), feature: pick(["search", "chat:1", 2.5]) },
    };
    return validateUsageRecord(input);
  });
}

/** The summary computed in the test from the records themselves, with core's helpers. */
export function referenceSummary(
  records: readonly UsageRecord[],
  query: NormalizedQuery,
): UsageSummary {
  const overall = createAccumulator();
  const byModel = new Map<string, TotalsAccumulator>();
  const groups = new Map<string, { key: UsageGroup["key"]; acc: TotalsAccumulator }>();
  for (const r of records) {
    if (!matchesFilter(r, query.filter)) continue;
    accumulate(overall, r);
    const model = byModel.get(r.modelName) ?? createAccumulator();
    byModel.set(r.modelName, model);
    accumulate(model, r);
    if (query.groupBy.length === 0) continue;
    const key = groupKeyOf(r, query.groupBy, query.timeZone);
    const id = JSON.stringify(Object.values(key));
    const group = groups.get(id) ?? { key, acc: createAccumulator() };
    groups.set(id, group);
    accumulate(group.acc, r);
  }
  const list = [...groups.values()].map(({ key, acc }) => ({ key, ...toTotals(acc) }));

  return buildSummary(
    overall,
    byModel,
    query.groupBy.length > 0 ? sortGroups(list, query.groupBy) : undefined,
  );
}

export function query(q: UsageQuery): NormalizedQuery {
  return normalizeQuery(q);
}
