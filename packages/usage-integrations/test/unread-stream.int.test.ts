import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import Anthropic from "@anthropic-ai/sdk";
import type { Genie } from "@genie/usage-core";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { trackAnthropic } from "../src/anthropic/index.js";
import { trackOpenAI } from "../src/openai/index.js";
import { streamEvents } from "./helpers/anthropic-fixtures.js";
import { type CapturingRecorder, createCapture } from "./helpers/capture.js";
import { storedRecord, UNKNOWN_COUNTS } from "./helpers/expected.js";
import { type FixtureServer, startFixtureServer } from "./helpers/fixture-server.js";
import { chatStreamEvents } from "./helpers/openai-fixtures.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let server: FixtureServer;
let genie: Genie;
let recorder: CapturingRecorder;

beforeAll(async () => {
  server = await startFixtureServer();
  // The first events, then the connection stays open, as a model still writing would.
  server.on("/v1/chat/completions", () => ({
    sse: chatStreamEvents(true).slice(0, 2),
    holdOpen: true,
  }));
  server.on("/v1/messages", () => ({ sse: streamEvents.slice(0, 2), holdOpen: true }));
});

afterAll(() => server.close());

beforeEach(async () => {
  ({ genie, recorder } = await createCapture());
});

afterEach(() => genie.close());

const messages = [{ role: "user" as const, content: "When is low tide?" }];
const options = { apiKey: "k", maxRetries: 0 };

const clients = {
  openai: () => {
    const client = trackOpenAI(
      new OpenAI({ ...options, baseURL: `${server.url}/v1` }),
      genie.usage,
    );
    return (model: string) => client.chat.completions.create({ model, messages, stream: true });
  },
  anthropic: () => {
    const client = trackAnthropic(new Anthropic({ ...options, baseURL: server.url }), genie.usage);
    return (model: string) =>
      client.messages.create({ model, max_tokens: 64, messages, stream: true });
  },
};

async function collectGarbageUntil(isDone: () => boolean, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds && !isDone(); i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(Object.entries(clients))(
  "%s: a stream the caller never reads",
  (providerId, make) => {
    it("records once, incomplete, when it is collected, and releases the connection", async () => {
      const create = make();
      await (async () => {
        await create("model-asked-for");
      })();
      await collectGarbageUntil(() => recorder.records.length > 0);

      expect(recorder.records).toEqual([
        storedRecord({
          providerId,
          modelName: "model-asked-for",
          customTags: { incomplete: true },
          ...UNKNOWN_COUNTS,
        }),
      ]);
      await server.heldStreamsClosed();
    });

    it("is not finished early once a reader has its iterator", async () => {
      const create = make();
      const iterator = (await create("m"))[Symbol.asyncIterator]();
      await collectGarbageUntil(() => false, 3);
      const first = await iterator.next();
      await iterator.return?.();

      expect(first.done).toBe(false);
      expect(recorder.records).toHaveLength(1);
    });
  },
);
