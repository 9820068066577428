import { describe, expect, it } from "vitest";
import { ArrayRecorder } from "./helpers/array-recorder.js";
import { fixtureJson, fixtureText, type Json } from "./helpers/fixtures.js";
import { genieFor, readAll } from "./helpers/llm-genie.js";
import { useLLMServer } from "./helpers/llm-server.js";

const local = useLLMServer();
const messages = [{ role: "user", content: "Tides?" }];

async function recordOf(llm: "openai-compatible" | "ollama", path: string, body: Json) {
  local.server.reply(path, { body: JSON.stringify(body) });
  const recorder = new ArrayRecorder();
  const genie = await genieFor(local.server, llm, recorder);
  await genie.llm.chat(messages);
  await genie.usage.flush();

  expect(genie.usage.stats().autoRecordFailures).toBe(0);
  expect(recorder.records).toHaveLength(1);
  return recorder.records[0]!;
}

describe("usage the record would reject: the impossible count is dropped, the rest kept", () => {
  it("cached above the prompt: cachedPromptTokens null, tagged", async () => {
    const body = fixtureJson("openai-chat.json");
    const u = body.usage;
    u.prompt_tokens_details.cached_tokens = u.prompt_tokens + 7;

    expect(await recordOf("openai-compatible", "/v1/chat/completions", body)).toMatchObject({
      promptTokens: u.prompt_tokens,
      completionTokens: u.completion_tokens,
      totalTokens: u.total_tokens,
      cachedPromptTokens: null,
      reasoningTokens: u.completion_tokens_details.reasoning_tokens,
      customTags: { droppedCounts: "cachedPromptTokens" },
    });
  });

  it("reasoning above the completion: reasoningTokens null, tagged", async () => {
    const body = fixtureJson("openai-chat.json");
    const u = body.usage;
    u.completion_tokens_details.reasoning_tokens = u.completion_tokens + 1;

    expect(await recordOf("openai-compatible", "/v1/chat/completions", body)).toMatchObject({
      promptTokens: u.prompt_tokens,
      cachedPromptTokens: u.prompt_tokens_details.cached_tokens,
      reasoningTokens: null,
      customTags: { droppedCounts: "reasoningTokens" },
    });
  });

  it("a computed total past 2^53 - 1: the larger part is dropped, the other kept", async () => {
    const body = fixtureJson("ollama-chat.json");
    body.prompt_eval_count = Number.MAX_SAFE_INTEGER - 5;

    expect(await recordOf("ollama", "/api/chat", body)).toMatchObject({
      promptTokens: null,
      completionTokens: body.eval_count,
      totalTokens: body.eval_count,
      customTags: { droppedCounts: "totalTokens,promptTokens" },
    });
  });

  it("a stream whose final usage has cached above the prompt is kept, tagged", async () => {
    const events = fixtureText("openai-chat-stream.sse").replace(
      /"cached_tokens":\d+/,
      '"cached_tokens":999999999',
    );
    local.server.reply("/v1/chat/completions", { contentType: "text/event-stream", body: events });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);
    await readAll(await genie.llm.chat(messages, { stream: true }));
    await genie.usage.flush();

    expect(genie.usage.stats().autoRecordFailures).toBe(0);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.cachedPromptTokens).toBeNull();
    expect(recorder.records[0]!.promptTokens).toBeGreaterThan(0);
    expect(recorder.records[0]!.customTags).toEqual({ droppedCounts: "cachedPromptTokens" });
  });
});
