import Anthropic from "@anthropic-ai/sdk";
import { InvalidUsageRecordError, type UsageTags } from "@genie/usage-core";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { createUsageMiddleware } from "../src/ai-sdk/index.js";
import { trackAnthropic } from "../src/anthropic/index.js";
import { UsageCallbackHandler } from "../src/langchain/index.js";
import { trackOpenAI } from "../src/openai/index.js";
import type { UsageAttribution, UsageSink } from "../src/types.js";

// Never called: set-up must fail before any call is made or recorded.
const sink: UsageSink = {
  recordUsage: () => Promise.reject(new Error("must not record")),
  noteAutoRecordFailure: () => {
    throw new Error("must not count");
  },
};
const offline = { apiKey: "k", baseURL: "http://127.0.0.1:9", maxRetries: 0 };

const integrations: [string, (attribution: UsageAttribution) => unknown][] = [
  ["trackOpenAI", (a) => trackOpenAI(new OpenAI(offline), sink, a)],
  ["trackAnthropic", (a) => trackAnthropic(new Anthropic(offline), sink, a)],
  ["createUsageMiddleware", (a) => createUsageMiddleware(sink, a)],
  ["UsageCallbackHandler", (a) => new UsageCallbackHandler(sink, a)],
];

const bad: [string, Record<string, unknown>, string][] = [
  ["tags as a string", { tags: "abc" }, "tags"],
  ["tags as an array", { tags: ["x"] }, "tags"],
  ["a nested tag", { tags: { team: { id: 1 } } }, "tags.team"],
  ["a userId that is a number", { userId: 42 }, "userId"],
  ["an empty providerId", { providerId: "" }, "providerId"],
];

describe("attribution given to an integration", () => {
  for (const [name, setUp] of integrations) {
    it.each(bad)(`${name}: %s is rejected at set-up`, (_, attribution, field) => {
      const run = () => setUp(attribution as UsageAttribution);

      expect(run).toThrow(InvalidUsageRecordError);
      expect(run).toThrow(expect.objectContaining({ field: `attribution.${field}` }));
    });

    it(`${name}: good attribution is accepted`, () => {
      const tags: UsageTags = { team: "tides", tier: 2, beta: true };
      expect(() => setUp({ userId: "u", sessionId: null, tags, callType: "chat" })).not.toThrow();
    });
  }
});
