// Any of the three line ends SSE allows: CRLF, LF or a bare CR.
const LINE_END = /\r\n|\r|\n/;

/**
 * The complete text lines (ended by CRLF, LF or CR) of each chunk a byte
 * stream delivers, one array per chunk, so that callers pay one await per
 * chunk, not per line. The last line counts even without a line end.
 */
async function* readLineBatches(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let buffer = "";
  // A chunk that ended in CR: an LF opening the next one belongs to the same line end.
  let isAfterCR = false;
  for (;;) {
    const { done, value } = await reader.read();
    let text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (isAfterCR && text.startsWith("\n")) text = text.slice(1);
    if (text !== "") isAfterCR = text.endsWith("\r");
    buffer += text;
    const lines = buffer.split(LINE_END);
    buffer = done ? "" : (lines.pop() ?? "");
    if (lines.length > 0) yield lines;
    if (done) return;
  }
}

/**
 * The `data` of each server-sent event (its data lines joined by newlines), per
 * chunk. An event whose data is empty is skipped, as the SSE spec says.
 */
export async function* readSseData(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string[]> {
  let data: string[] = [];
  for await (const lines of readLineBatches(reader)) {
    const events: string[] = [];
    for (const line of lines) {
      if (line === "") {
        const payload = data.join("\n");
        if (payload !== "") events.push(payload);
        data = [];
      } else if (line.startsWith("data:")) {
        const value = line.slice(5);
        data.push(value.startsWith(" ") ? value.slice(1) : value);
      }
    }
    if (events.length > 0) yield events;
  }
  const last = data.join("\n");
  if (last !== "") yield [last];
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
