import { describe, expect, it } from "vitest";
import { ArrayRecorder } from "./helpers/array-recorder.js";
import { fixtureSseEvents, fixtureText, type Json } from "./helpers/fixtures.js";
import { fixtureDeltas, genieFor, readAll } from "./helpers/llm-genie.js";
import { useLLMServer, within } from "./helpers/llm-server.js";

const PATH = "/v1/chat/completions";
const FILE = "openai-chat-stream.sse";
const messages = [{ role: "user", content: "Tides?" }];

const local = useLLMServer();

/** A genie over the test server, recording into an array. */
async function openAIGenie() {
  const recorder = new ArrayRecorder();

  return { recorder, genie: await genieFor(local.server, "openai-compatible", recorder) };
}

/** The usage the transcript's last usage chunk states, in the record's terms. */
function fixtureUsage(): Record<string, number> {
  const usage = fixtureSseEvents(FILE)
    .filter((e: Json) => e.usage)
    .at(-1).usage;

  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
}

const trailingChunk = JSON.stringify({
  model: "after-done",
  choices: [{ index: 0, delta: { content: "LEAKED" }, finish_reason: null }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 999_999 },
});

describe("SSE framing of genie.llm streams", () => {
  it("ends at data: [DONE]: nothing after it reaches the text or the record", async () => {
    local.server.reply(PATH, {
      contentType: "text/event-stream",
      body: `${fixtureText(FILE)}data: ${trailingChunk}\n\n`,
      pieceBytes: 37,
      holdOpen: true,
    });
    const { recorder, genie } = await openAIGenie();
    const stream = await genie.llm.chat(messages, { stream: true });
    const deltas = await within(readAll(stream));

    expect(deltas).toEqual(fixtureDeltas(FILE));
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({ ...fixtureUsage(), customTags: null });
    await within(local.server.requests[0]!.closed);
  });

  it("ignores an event whose data is empty", async () => {
    const body = fixtureText(FILE).replace("\n\n", "\n\ndata:\n\ndata: \n\n");
    local.server.reply(PATH, { contentType: "text/event-stream", body, pieceBytes: 37 });
    const { recorder, genie } = await openAIGenie();
    const deltas = await readAll(await genie.llm.chat(messages, { stream: true }));

    expect(deltas).toEqual(fixtureDeltas(FILE));
    expect(recorder.records[0]).toMatchObject({ ...fixtureUsage(), customTags: null });
  });

  for (const [name, eol] of [
    ["CR", "\r"],
    ["CRLF", "\r\n"],
    ["LF", "\n"],
  ] as const) {
    for (const pieceBytes of [1, 37]) {
      it(`accepts lines ending in ${name} (pieces of ${pieceBytes} bytes)`, async () => {
        // An event of two data lines too: a CR LF split between pieces is one line end.
        const twoLines =
          `data: {"choices":[{"index":0,${eol}` + `data: "delta":{"content":"!"}}]}${eol}${eol}`;
        const body = twoLines + fixtureText(FILE).replaceAll("\n", eol);
        local.server.reply(PATH, { contentType: "text/event-stream", body, pieceBytes });
        const { recorder, genie } = await openAIGenie();
        const deltas = await readAll(await genie.llm.chat(messages, { stream: true }));

        expect(deltas).toEqual(["!", ...fixtureDeltas(FILE)]);
        expect(recorder.records[0]).toMatchObject({ ...fixtureUsage(), customTags: null });
      });
    }
  }
});
