// genie.llm recording into the memory recorder, over real HTTP to a local
// server that serves the response bodies and transcripts kept with core's tests.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Genie } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryRecorder } from "../src/index.js";

const FIXTURES = new URL("../../usage-core/test/fixtures/", import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), "utf8");

/** path -> [body, bytes to send before cutting the connection (all when absent)] */
const replies = new Map<string, [string, number?]>();
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const [body, cutAfter] = replies.get(req.url ?? "") ?? ['{"error":"none"}'];
    res.writeHead(200, { "content-type": "application/json" });
    if (cutAfter === undefined) res.end(body);
    else res.write(body.slice(0, cutAfter), () => res.socket?.destroy());
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function genieWith(llm: "openai-compatible" | "anthropic") {
  return Genie.create({
    features: { tokenUsageRecorder: createMemoryRecorder(), llm },
    llmProviderConfigurations: {
      [llm]: { baseURL: llm === "anthropic" ? url : `${url}/v1`, apiKey: "k", model: "m" },
    },
    env: {},
  });
}

describe("genie.llm with the memory recorder", () => {
  it("getSummary shows exactly the response's counts for the call's attribution", async () => {
    const body = JSON.parse(fixture("openai-chat.json"));
    replies.set("/v1/chat/completions", [JSON.stringify(body)]);
    const genie = await genieWith("openai-compatible");
    const tags = { team: "billing", tier: 2 };

    await genie.llm.chat([{ role: "user", content: "Reconcile." }], {
      userId: "u-42",
      sessionId: "s-7",
      tags,
    });
    await genie.llm.chat([{ role: "user", content: "Again." }], { userId: "u-9" });
    const summary = await genie.usage.getSummary({
      filter: { userId: "u-42", sessionId: "s-7", tags },
    });

    const u = body.usage;
    expect(summary).toMatchObject({
      totalRecords: 1,
      totalPromptTokens: u.prompt_tokens,
      totalCompletionTokens: u.completion_tokens,
      totalTokensOverall: u.total_tokens,
      totalCachedPromptTokens: u.prompt_tokens_details.cached_tokens,
      totalReasoningTokens: u.completion_tokens_details.reasoning_tokens,
    });
    expect(Object.keys(summary.byModel)).toEqual([body.model]);
    const all = await genie.usage.getSummary();
    expect(all.totalPromptTokens).toBe(2 * u.prompt_tokens);
    await genie.close();
  });

  it("a stream cut in the middle is stored once, tagged incomplete", async () => {
    const transcript = fixture("anthropic-stream.sse");
    replies.set("/v1/messages", [transcript, transcript.indexOf("event: content_block_delta")]);
    const genie = await genieWith("anthropic");

    const stream = await genie.llm.chat([{ role: "user", content: "Hi" }], { stream: true });
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toMatchObject({ code: "LLM_PROVIDER_ERROR" });

    const start = JSON.parse(transcript.split("\n")[1]!.slice(6)).message.usage;
    const summary = await genie.usage.getSummary({ filter: { tags: { incomplete: true } } });
    expect(summary.totalRecords).toBe(1);
    expect(summary.totalPromptTokens).toBe(start.input_tokens);
    expect((await genie.usage.getSummary()).totalRecords).toBe(1);
    await genie.close();
  });
});
