/**
 * The complete text lines (LF or CRLF) of each chunk a byte stream delivers,
 * one array per chunk, so that callers pay one await per chunk, not per line.
 * The last line counts even without a newline.
 */
async function* readLineBatches(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = buffer.split("\n");
    buffer = done ? "" : (lines.pop() ?? "");
    if (lines.length > 0) yield lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    if (done) return;
  }
}

/** The `data` of each server-sent event (its data lines joined by newlines), per chunk. */
export async function* readSseData(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string[]> {
  let data: string[] = [];
  for await (const lines of readLineBatches(reader)) {
    const events: string[] = [];
    for (const line of lines) {
      if (line === "") {
        if (data.length > 0) events.push(data.join("\n"));
        data = [];
      } else if (line.startsWith("data:")) {
        const value = line.slice(5);
        data.push(value.startsWith(" ") ? value.slice(1) : value);
      }
    }
    if (events.length > 0) yield events;
  }
  if (data.length > 0) yield [data.join("\n")];
}

/** The non-empty lines of an NDJSON stream, per chunk. */
export async function* readNdjson(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string[]> {
  for await (const lines of readLineBatches(reader)) {
    const nonEmpty = lines.filter((line) => line.trim() !== "");
    if (nonEmpty.length > 0) yield nonEmpty;
  }
}
