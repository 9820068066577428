import { createReadStream, type ReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  readonly lineNumber: number;
  readonly text: string;
  /** Bytes of the file read from disk so far (for progress; read ahead in chunks). */
  readonly bytesRead: number;
}

// A UTF-8 byte order mark, as some editors write at the start of a file.
const BOM = /^\uFEFF/;

/** A file path, or "-" for standard input. */
function openInput(path: string): Readable {
  return path === "-" ? process.stdin : createReadStream(path);
}

/**
 * Streams the lines of a file, one at a time: memory stays constant whatever
 * the file's size. CRLF, CR and a missing final newline are all handled, and
 * a UTF-8 byte order mark before the first line is dropped.
 */
export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  const input = openInput(path);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const text = lineNumber === 1 ? raw.replace(BOM, "") : raw;
      yield { lineNumber, text, bytesRead: (input as ReadStream).bytesRead ?? 0 };
    }
  } finally {
    lines.close();
    if (path !== "-") input.destroy();
  }
}
