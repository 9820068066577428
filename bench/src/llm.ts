// genie.llm overhead: a call through genie.llm (extraction + record handed over)
// against the same HTTP call made with fetch alone, on a local server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import {
  buildSummary,
  createAccumulator,
  createStreamUsageAccumulator,
  emptySummary,
  Genie,
  type UsageRecord,
  type UsageRecorder,
} from "@genie/usage-core";

const WARM_UP = 200;
const CALLS = 2_000;
const ACCUMULATOR_EVENTS = 200_000;

const usage = { prompt_tokens: 812, completion_tokens: 64, total_tokens: 876 };
const WHOLE = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  model: "bench-model",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
  usage: { ...usage, prompt_tokens_details: { cached_tokens: 512 } },
});
const chunk = (content: string) =>
  `data: ${JSON.stringify({ model: "bench-model", choices: [{ index: 0, delta: { content } }], usage: null })}\n\n`;
const STREAM =
  Array.from({ length: 20 }, (_, i) => chunk(`w${i} `)).join("") +
  `data: ${JSON.stringify({ model: "bench-model", choices: [], usage })}\n\ndata: [DONE]\n\n`;

/** Keeps records in an array, like an in-process store. */
class ListRecorder implements UsageRecorder {
  readonly records: UsageRecord[] = [];
  async recordUsage(record: UsageRecord): Promise<void> {
    this.records.push(record);
  }
  async getSummary() {
    return this.records.length ? buildSummary(createAccumulator(), new Map()) : emptySummary();
  }
  async clearRecords() {
    return 0;
  }
  async flush() {}
  async close() {}
}

async function startServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const isStream = body.includes('"stream":true');
      res.writeHead(200, { "content-type": isStream ? "text/event-stream" : "application/json" });
      res.end(isStream ? STREAM : WHOLE);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeOne(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) * 1000;
}

export async function run(): Promise<void> {
  const { server, url } = await startServer();
  const recorder = new ListRecorder();
  const genie = await Genie.create({
    features: { tokenUsageRecorder: recorder, llm: "openai-compatible" },
    llmProviderConfigurations: { "openai-compatible": { baseURL: url, model: "bench-model" } },
    env: {},
  });
  const messages = [{ role: "user", content: "ping" }];
  const post = (stream: boolean) =>
    fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "bench-model", messages, stream }),
    });
  const cases: Record<string, () => Promise<unknown>> = {
    "fetch, whole": async () => (await post(false)).json(),
    "genie.llm, whole": () => genie.llm.chat(messages),
    // What any client does with a stream: split the events, parse each one.
    "fetch, stream": async () => {
      const text = await (await post(true)).text();
      for (const block of text.split("\n\n")) {
        const data = block.slice(6);
        if (data && data !== "[DONE]") JSON.parse(data);
      }
    },
    "genie.llm, stream": async () => {
      for await (const _ of await genie.llm.chat(messages, { stream: true }));
    },
  };
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(cases).map((name) => [name, []]),
  );
  // Cases take turns call by call, so the machine's noise falls on all of them alike.
  for (let i = 0; i < WARM_UP + CALLS; i += 1) {
    for (const [name, fn] of Object.entries(cases)) {
      const micros = await timeOne(fn);
      if (i >= WARM_UP) samples[name]!.push(micros);
    }
  }

  const accumulator = createStreamUsageAccumulator("openai-chat");
  const event = JSON.parse(chunk("x").slice(6));
  const start = performance.now();
  for (let i = 0; i < ACCUMULATOR_EVENTS; i += 1) accumulator.push(event);
  const nsPerEvent = ((performance.now() - start) * 1e6) / ACCUMULATOR_EVENTS;

  await genie.close();
  server.close();
  const m = (name: string) => median(samples[name]!);
  console.log(`llm: ${CALLS} calls per case, taking turns; median microseconds per call`);
  for (const name of Object.keys(cases)) console.log(`  ${name.padEnd(20)} ${m(name).toFixed(0)}`);
  console.log(`  ratio whole  ${(m("genie.llm, whole") / m("fetch, whole")).toFixed(2)}`);
  console.log(`  ratio stream ${(m("genie.llm, stream") / m("fetch, stream")).toFixed(2)}`);
  console.log(`  accumulator push: ${nsPerEvent.toFixed(0)} ns per event`);
  console.log(`  records: ${recorder.records.length}`);
}
