import { type FileHandle, mkdir, open, readFile, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { decodeEntry, type JournalEntry } from "./journal.js";

const NEWLINE = 0x0a;

/**
 * Reads every complete line of the journal. A last line without its newline
 * is what a crash in the middle of an append leaves: it is cut off the file
 * (its record was never flushed, so never promised) and reported by size.
 */
export async function readJournal(
  path: string,
  onTornTail: (bytes: number) => void,
): Promise<JournalEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  if (end < bytes.length) {
    await truncate(path, end);
    onTornTail(bytes.length - end);
  }
  const lines = bytes.subarray(0, end).toString("utf8").split("\n");
  lines.pop();

  return lines.map((line, index) => {
    try {
      return decodeEntry(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${path}, line ${index + 1}: ${reason}`, { cause: error });
    }
  });
}

/** The journal opened for appending. */
export class JournalFile {
  readonly #handle: FileHandle;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Opens (creating the file and its folder when missing) for appends only. */
  static async open(path: string, durable: boolean): Promise<JournalFile> {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, "a");
    if (durable) await syncFolder(dirname(path));

    return new JournalFile(handle);
  }

  /** Appends text; the file was opened with O_APPEND, so every write lands at the end. */
  async append(text: string): Promise<void> {
    await this.#handle.appendFile(text, "utf8");
  }

  /** Asks the OS to put what was appended on the disk (fsync). */
  async sync(): Promise<void> {
    await this.#handle.sync();
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

/**
 * fsyncs the folder so that a newly created file's name survives a power cut.
 * Best effort: some platforms (Windows) cannot open a folder for syncing.
 */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, "r");
    await handle.sync();
  } catch {
    // Nothing to do: the file itself is still synced on every flush.
  } finally {
    await handle?.close();
  }
}
