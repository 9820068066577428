// A realistic spread for the memory benchmark: a dozen models, a thousand
// users, sessions of about twenty calls, a few tags, ten percent unpriced.
import type { UsageRecordInput } from "@genie/usage-core";

export const MODELS = [
  ["openai", "gpt-4o", 2.5, 10],
  ["openai", "gpt-4o-mini", 0.15, 0.6],
  ["openai", "o3-mini", 1.1, 4.4],
  ["openai", "gpt-4.1", 2, 8],
  ["anthropic", "claude-sonnet-4", 3, 15],
  ["anthropic", "claude-haiku-3.5", 0.8, 4],
  ["anthropic", "claude-opus-4", 15, 75],
  ["google", "gemini-2.5-pro", 1.25, 10],
  ["google", "gemini-2.5-flash", 0.3, 2.5],
  ["ollama", "llama3.1", null, null],
  ["ollama", "qwen2.5", null, null],
  ["mistral", "mistral-large", 2, 6],
] as const;

export const USERS = Array.from(
  { length: 1000 },
  (_, i) => `user-${i.toString().padStart(4, "0")}`,
);
const TEAMS = ["search", "support", "billing", "growth", "infra", "research", "mobile", "web"];
const FEATURES = ["summarize", "answer", "classify", "extract", "translate", "draft"];
const CALL_TYPES = ["chat", "chat", "chat", "generate", "embed"];

export const START = Date.UTC(2026, 10, 1);
export const SPAN_MS = 30 * 86_400_000;

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** One call of a session: the session fixes user, model, call type and tags. */
interface Session {
  id: string;
  userId: string;
  model: (typeof MODELS)[number];
  callType: string;
  tags: { team: string; feature: string } | null;
}

function createSession(random: () => number, index: number): Session {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return {
    id: `s-${index.toString(36).padStart(6, "0")}`,
    userId: pick(USERS),
    model: pick(MODELS),
    callType: pick(CALL_TYPES),
    tags: random() < 0.7 ? { team: pick(TEAMS), feature: pick(FEATURES) } : null,
  };
}

/**
 * `size` distinct inputs in sessions of 1 to 40 calls; the benchmark cycles
 * through them, setting a fresh timestamp on each call, so the inputs take no
 * part in the retained memory.
 */
export function createInputPool(size: number): UsageRecordInput[] {
  const random = createRandom(42);
  const pool: UsageRecordInput[] = [];
  let session = createSession(random, 0);
  let left = 0;
  for (let i = 0; i < size; i++, left--) {
    if (left === 0) {
      session = createSession(random, i);
      left = 1 + Math.floor(random() * 40);
    }
    const [providerId, modelName, inPrice, outPrice] = session.model;
    const promptTokens = 20 + Math.floor(random() * 6000);
    const completionTokens = 1 + Math.floor(random() * 1500);
    const cached = random() < 0.3 ? Math.floor(promptTokens * random()) : null;
    const cost =
      inPrice === null ? null : (promptTokens * inPrice + completionTokens * outPrice) / 1e6;
    pool.push({
      providerId,
      modelName,
      promptTokens,
      completionTokens,
      cachedPromptTokens: cached,
      timestamp: START,
      callType: session.callType,
      userId: session.userId,
      sessionId: session.id,
      // A fresh object per call, as an application would build it.
      customTags: session.tags && { ...session.tags },
      costUsd: cost === null || random() < 0.1 ? null : Math.round(cost * 1e9) / 1e9,
    });
  }

  return pool;
}

/** The timestamp of the i-th of n records: in order over the span, with a little jitter. */
export function timestampOf(i: number, n: number): number {
  return START + Math.floor((i / n) * SPAN_MS) + ((i * 7919) % 5000);
}
