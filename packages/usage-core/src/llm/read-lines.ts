/** The text lines of a byte stream (LF or CRLF), the last one even without a newline. */
export async function* readLines(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = buffer.split("\n");
    buffer = done ? "" : (lines.pop() ?? "");
    for (const line of lines) yield line.endsWith("\r") ? line.slice(0, -1) : line;
    if (done) return;
  }
}

/** The `data` of each server-sent event (its data lines joined by newlines). */
export async function* readSseData(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string> {
  let data: string[] = [];
  for await (const line of readLines(reader)) {
    if (line === "") {
      if (data.length > 0) yield data.join("\n");
      data = [];
    } else if (line.startsWith("data:")) {
      const value = line.slice(5);
      data.push(value.startsWith(" ") ? value.slice(1) : value);
    }
  }
  if (data.length > 0) yield data.join("\n");
}

/** The non-empty lines of an NDJSON stream. */
export async function* readNdjson(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string> {
  for await (const line of readLines(reader)) if (line.trim() !== "") yield line;
}
