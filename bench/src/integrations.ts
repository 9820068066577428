// What trackOpenAI adds to an SDK call: the same OpenAI client with and
// without tracking, answered by an in-memory fetch (no network, so the SDK's
// own parsing is the baseline), rounds interleaved so a shared machine's load
// hits both alike. A no-op recorder isolates the integration and the facade.
import { Genie } from "@genie/usage-core";
import { trackOpenAI } from "@genie/usage-integrations/openai";
import OpenAI from "openai";
import { median, noopRecorder } from "./bench-kit.js";

const CALLS = 2_000;
const ROUNDS = 7;

const usage = {
  prompt_tokens: 1117,
  completion_tokens: 346,
  total_tokens: 1463,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 320 },
};
const base = { id: "chatcmpl-1", created: 1, model: "gpt-4.1-mini-2025-04-14" };
const completion = JSON.stringify({
  ...base,
  object: "chat.completion",
  choices: [
    { index: 0, message: { role: "assistant", content: "Low tide." }, finish_reason: "stop" },
  ],
  usage,
});

function sse(includeUsage: boolean): string {
  const chunk = (delta: object, finish: string | null) => ({
    ...base,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks = [
    chunk({ role: "assistant", content: "" }, null),
    ...["Low", " tide", " at", " noon", "."].map((text) => chunk({ content: text }, null)),
    chunk({}, "stop"),
  ];
  if (includeUsage) chunks.push({ ...chunk({}, null), choices: [], usage } as never);

  return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")}data: [DONE]\n\n`;
}

const streamed = { plain: sse(false), withUsage: sse(true) };

const fakeFetch: typeof fetch = async (_url, init) => {
  const body = JSON.parse(String(init?.body)) as {
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
  };
  if (!body.stream)
    return new Response(completion, { headers: { "content-type": "application/json" } });
  const text = body.stream_options?.include_usage ? streamed.withUsage : streamed.plain;

  return new Response(text, { headers: { "content-type": "text/event-stream" } });
};

const messages = [{ role: "user" as const, content: "When is low tide?" }];

async function callNs(client: OpenAI, stream: boolean, askUsage = false): Promise<number> {
  const start = process.hrtime.bigint();
  const streamOptions = askUsage ? { stream_options: { include_usage: true } } : {};
  for (let i = 0; i < CALLS; i += 1) {
    if (!stream) {
      await client.chat.completions.create({ model: "gpt-4.1-mini", messages });
      continue;
    }
    const request = { model: "gpt-4.1-mini", messages, stream, ...streamOptions };
    for await (const _chunk of await client.chat.completions.create(request));
  }

  return Number(process.hrtime.bigint() - start) / CALLS;
}

export async function run(): Promise<void> {
  const genie = await Genie.create({
    features: { tokenUsageRecorder: noopRecorder },
    pricing: { catalog: false },
    root: process.cwd(),
  });
  const plain = new OpenAI({ apiKey: "bench", baseURL: "http://127.0.0.1:9/v1", fetch: fakeFetch });
  const tracked = trackOpenAI(plain, genie.usage);
  const rows: string[] = [];

  for (const stream of [false, true]) {
    await callNs(plain, stream);
    await callNs(tracked, stream);
    const times = { plain: [] as number[], asking: [] as number[], tracked: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      times.plain.push(await callNs(plain, stream));
      if (stream) times.asking.push(await callNs(plain, stream, true));
      times.tracked.push(await callNs(tracked, stream));
    }
    const [p, t] = [median(times.plain), median(times.tracked)];
    const a = stream ? (median(times.asking) / 1000).toFixed(1) : "-";
    const kind = stream ? "streamed (7 chunks)" : "whole response";
    rows.push(
      `| ${kind} | ${(p / 1000).toFixed(1)} | ${a} | ${(t / 1000).toFixed(1)} | ` +
        `${((t - p) / 1000).toFixed(1)} (ratio ${(t / p).toFixed(2)}) |`,
    );
  }
  await genie.close();

  console.log(
    `integrations: median µs per chat.completions.create over ${ROUNDS} rounds of ${CALLS}`,
  );
  console.log("| call | untracked | untracked, asking usage | tracked | added |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
}
