import {
  FlushIncompleteError,
  matchesFilter,
  type NormalizedFilter,
  type NormalizedQuery,
  RecorderClosedError,
  RecorderFailedError,
  type RecorderStats,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";
import { encodeEntry, type JournalEntry } from "./journal.js";
import { JournalFile, readJournal } from "./journal-file.js";
import { type JsonlSettings, resolveSettings } from "./options.js";
import { summarize } from "./summarize.js";
import type { JsonlRecorderOptions } from "./types.js";

/** Replays the journal in order: the records that are stored now, by id. */
function replay(entries: readonly JournalEntry[]): Map<string, UsageRecord> {
  const records = new Map<string, UsageRecord>();
  for (const entry of entries) {
    if (entry.op === "record") {
      if (!records.has(entry.record.id)) records.set(entry.record.id, entry.record);
      continue;
    }
    for (const [id, record] of records) {
      if (entry.filter === null || matchesFilter(record, entry.filter)) records.delete(id);
    }
  }

  return records;
}

/**
 * Keeps every stored record in memory (answers come from there) and appends
 * each record and each clear to the file as one JSON line. Lines are written
 * in batches; flush() and close() write what is left and fsync the file.
 * One process writes a file at a time.
 */
export class JsonlRecorder implements UsageRecorder {
  readonly path: string;
  readonly #settings: JsonlSettings;
  readonly #file: JournalFile;
  readonly #records: Map<string, UsageRecord>;
  #pending: string[] = [];
  #pendingRecords = 0;
  #unsynced = false;
  /** Writes run one after another, so lines land in the order they were accepted. */
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(settings: JsonlSettings, file: JournalFile, records: Map<string, UsageRecord>) {
    this.path = settings.path;
    this.#settings = settings;
    this.#file = file;
    this.#records = records;
    if (settings.flushIntervalMs > 0) {
      this.#timer = setInterval(() => this.#flushInBackground(), settings.flushIntervalMs);
      this.#timer.unref();
    }
  }

  async recordUsage(record: UsageRecord): Promise<void> {
    this.#assertOpen();
    this.#accept(record);
    await this.#writeIfFull();
  }

  async recordBatch(records: readonly UsageRecord[]): Promise<void> {
    this.#assertOpen();
    for (const record of records) this.#accept(record);
    await this.#writeIfFull();
  }

  async getSummary(query: NormalizedQuery): Promise<UsageSummary> {
    return summarize(this.#records.values(), query);
  }

  async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    this.#assertOpen();
    let removed = 0;
    for (const [id, record] of this.#records) {
      if (filter !== undefined && !matchesFilter(record, filter)) continue;
      this.#records.delete(id);
      removed += 1;
    }
    this.#pending.push(encodeEntry({ op: "clear", filter: filter ?? null }));
    await this.#write(false).catch((error: unknown) => this.#warn("write a clear", error));

    return removed;
  }

  async *listRecords(filter: NormalizedFilter | undefined): AsyncIterable<UsageRecord> {
    const matching = [...this.#records.values()].filter((r) => matchesFilter(r, filter));
    yield* matching.sort((a, b) => a.timestamp - b.timestamp);
  }

  async flush(): Promise<void> {
    try {
      await this.#write(this.#settings.fsync);
    } catch (error) {
      throw new FlushIncompleteError(this.#settings.recorderId, this.#pendingRecords, error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    try {
      await this.flush();
    } finally {
      await this.#file.close();
    }
  }

  stats(): RecorderStats {
    return { stored: this.#records.size - this.#pendingRecords, pending: this.#pendingRecords };
  }

  #assertOpen(): void {
    if (this.#closed) throw new RecorderClosedError(`JSON Lines recorder (${this.path})`);
  }

  #accept(record: UsageRecord): void {
    if (this.#records.has(record.id)) return;
    this.#records.set(record.id, record);
    this.#pending.push(encodeEntry({ op: "record", record }));
    this.#pendingRecords += 1;
  }

  async #writeIfFull(): Promise<void> {
    if (this.#pendingRecords < this.#settings.batchSize) return;
    // The records are accepted either way; a failed write keeps them pending for flush().
    await this.#write(false).catch((error: unknown) => this.#warn("write a batch", error));
  }

  #write(sync: boolean): Promise<void> {
    const next = this.#queue.then(() => this.#appendPending(sync));
    this.#queue = next.catch(() => undefined);

    return next;
  }

  async #appendPending(sync: boolean): Promise<void> {
    const lines = this.#pending;
    const count = this.#pendingRecords;
    this.#pending = [];
    this.#pendingRecords = 0;
    if (lines.length > 0) {
      try {
        await this.#file.append(lines.join(""));
      } catch (error) {
        this.#pending = [...lines, ...this.#pending];
        this.#pendingRecords += count;
        throw error;
      }
      this.#unsynced = true;
    }
    if (sync && this.#unsynced) {
      this.#unsynced = false;
      await this.#file.sync();
    }
  }

  #flushInBackground(): void {
    this.flush().catch((error: unknown) => this.#warn("flush", error));
  }

  #warn(operation: string, error: unknown): void {
    this.#settings.logger.warn(`JSON Lines recorder could not ${operation}; will retry.`, {
      path: this.path,
      pending: this.#pendingRecords,
      error: String(error),
    });
  }
}

/** Opens (or creates) the file, replays it, and returns a recorder over it. */
export async function createJsonlRecorder(options?: JsonlRecorderOptions): Promise<JsonlRecorder> {
  const settings = resolveSettings(options);
  const { path, recorderId, logger } = settings;
  let records: Map<string, UsageRecord>;
  let file: JournalFile;
  try {
    const entries = await readJournal(path, (bytes) =>
      logger.warn(`Cut a torn last line (${bytes} bytes, never flushed) off ${path}.`),
    );
    records = replay(entries);
    file = await JournalFile.open(path, settings.fsync);
  } catch (error) {
    throw new RecorderFailedError(recorderId, `open ${path}`, error);
  }

  return new JsonlRecorder(settings, file, records);
}
