import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

/** The longest line read by default: 1 MiB. Longer lines are rejected unread. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  readonly lineNumber: number;
  /** The line without its line break; empty for a line over the limit. */
  readonly text: string;
  /** Bytes of the file read from disk so far (for progress; read ahead in chunks). */
  readonly bytesRead: number;
  /** Set when the line is longer than the limit: its bytes were skipped, not kept. */
  readonly tooLong?: { readonly bytes: number; readonly limit: number };
}

export interface ReadLinesOptions {
  /** Lines longer than this many bytes are reported as `tooLong`. Default 1 MiB. */
  maxLineBytes?: number;
}

/** Why a line over the length limit is rejected. */
export function tooLongReason(tooLong: { bytes: number; limit: number }): string {
  return (
    `line is ${tooLong.bytes} bytes long, over the ${tooLong.limit}-byte limit ` +
    "(skipped unread; raise it with --max-line-bytes)"
  );
}

/** A file path, or "-" for standard input. */
function openInput(path: string): Readable {
  return path === "-" ? process.stdin : createReadStream(path);
}

const LF = 0x0a;
const CR = 0x0d;
// A UTF-8 byte order mark, as some editors write at the start of a file.
const BOM = /^\uFEFF/;

/** Collects one line's bytes, keeping none past the limit. */
class LineBuffer {
  #parts: Buffer[] = [];
  #bytes = 0;

  constructor(private readonly limit: number) {}

  add(part: Buffer): void {
    this.#bytes += part.length;
    if (this.#bytes <= this.limit) this.#parts.push(part);
    else this.#parts = [];
  }

  get isEmpty(): boolean {
    return this.#bytes === 0;
  }

  /** The line so far, and resets for the next one. */
  take(): { text: string; tooLong?: { bytes: number; limit: number } } {
    const bytes = this.#bytes;
    const parts = this.#parts;
    this.#parts = [];
    this.#bytes = 0;
    if (bytes > this.limit) return { text: "", tooLong: { bytes, limit: this.limit } };

    return { text: Buffer.concat(parts, bytes).toString("utf8") };
  }
}

/**
 * Streams the lines of a file, one at a time: memory stays constant whatever
 * the file's size, and a line over `maxLineBytes` is skipped as it streams
 * (never held whole) and reported as `tooLong`. LF, CRLF, CR and a missing
 * final newline are all handled, and a UTF-8 byte order mark before the
 * first line is dropped.
 */
export async function* readLines(
  path: string,
  options: ReadLinesOptions = {},
): AsyncGenerator<NumberedLine> {
  const input = openInput(path);
  const line = new LineBuffer(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let lineNumber = 0;
  let bytesRead = 0;
  let afterCR = false;
  const emit = (): NumberedLine => {
    lineNumber += 1;
    const { text, tooLong } = line.take();
    return {
      lineNumber,
      text: lineNumber === 1 ? text.replace(BOM, "") : text,
      bytesRead,
      ...(tooLong ? { tooLong } : {}),
    };
  };
  try {
    for await (const data of input) {
      const chunk = typeof data === "string" ? Buffer.from(data) : (data as Buffer);
      bytesRead += chunk.length;
      let start = 0;
      // A CRLF split across two chunks is one line break.
      if (afterCR && chunk[0] === LF) start = 1;
      afterCR = false;
      let nextLF = chunk.indexOf(LF, start);
      let nextCR = chunk.indexOf(CR, start);
      while (nextLF !== -1 || nextCR !== -1) {
        const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
        line.add(chunk.subarray(start, end));
        yield emit();
        start = end + 1;
        if (chunk[end] === CR) {
          if (end + 1 === chunk.length) afterCR = true;
          else if (chunk[end + 1] === LF) start += 1;
        }
        if (nextLF !== -1 && nextLF < start) nextLF = chunk.indexOf(LF, start);
        if (nextCR !== -1 && nextCR < start) nextCR = chunk.indexOf(CR, start);
      }
      if (start < chunk.length) line.add(chunk.subarray(start));
    }
    if (!line.isEmpty) yield emit();
  } finally {
    if (path !== "-") input.destroy();
  }
}
