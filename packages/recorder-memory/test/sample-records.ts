import type { UsageRecordInput } from "@genie/usage-core";

/** A small deterministic generator so failures reproduce. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2026, 2, 27, 0, 0, 0);
const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama3.1"];
const PROVIDERS = ["openai", "anthropic", "ollama"];
const TAG_VALUES = ["a", "b", 1, 2, true, false, "1", "true"];

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function maybe<T>(random: () => number, value: T): T | null {
  return random() < 0.2 ? null : value;
}

/**
 * Records spread over ten days around a DST change, with nulls in every
 * optional field, tags of every type, and unpriced records.
 */
export function sampleRecords(count: number, seed = 1): UsageRecordInput[] {
  const random = createRandom(seed);
  const records: UsageRecordInput[] = [];
  for (let i = 0; i < count; i++) {
    const prompt = maybe(random, Math.floor(random() * 5000));
    const completion = maybe(random, Math.floor(random() * 2000));
    const tags: Record<string, string | number | boolean> = {};
    if (random() < 0.6) tags.team = pick(random, TAG_VALUES);
    if (random() < 0.4) tags.feature = pick(random, ["search", "chat"]);
    records.push({
      providerId: pick(random, PROVIDERS),
      modelName: pick(random, MODELS),
      promptTokens: prompt,
      completionTokens: completion,
      cachedPromptTokens: prompt !== null && random() < 0.3 ? Math.floor(prompt / 2) : null,
      cacheWriteTokens: prompt !== null && random() < 0.2 ? Math.floor(prompt / 4) : null,
      reasoningTokens: completion !== null && random() < 0.3 ? Math.floor(completion / 3) : null,
      totalTokens: random() < 0.1 ? Math.floor(random() * 9000) : undefined,
      timestamp: START + Math.floor(random() * 10 * 86_400_000),
      callType: maybe(random, pick(random, ["chat", "generate"])),
      userId: maybe(random, `user-${Math.floor(random() * 12)}`),
      sessionId: maybe(random, `session-${Math.floor(random() * 30)}`),
      customTags: Object.keys(tags).length > 0 ? tags : random() < 0.5 ? null : undefined,
      costUsd: random() < 0.25 ? null : Math.floor(random() * 1e6) / 1e7,
    });
  }

  return records;
}
