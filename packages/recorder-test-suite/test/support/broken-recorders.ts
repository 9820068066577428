import {
  type GroupKey,
  matchesFilter,
  type NormalizedFilter,
  type NormalizedGroupBy,
  type UsageRecord,
  zoneOffset,
} from "@genie/usage-core";
import { ListRecorder } from "./list-recorder.js";

const DAY = 86_400_000;
const DIMENSIONS = ["providerId", "modelName", "callType", "userId", "sessionId"] as const;

/** Reads the store, yields, writes back a copy: concurrent calls overwrite each other. */
export class LostIncrementRecorder extends ListRecorder {
  override async recordUsage(record: UsageRecord): Promise<void> {
    const snapshot = new Map(this.store);
    await new Promise((resolve) => setImmediate(resolve));
    if (!snapshot.has(record.id)) snapshot.set(record.id, record);
    this.store.clear();
    for (const [id, kept] of snapshot) this.store.set(id, kept);
  }
}

function globMatches(pattern: string, value: string | null): boolean {
  if (value === null) return false;
  try {
    const source = pattern.replaceAll("*", ".*").replaceAll("?", ".");
    return new RegExp(`^${source}$`).test(value);
  } catch {
    return pattern === value;
  }
}

/**
 * Keys groups by values joined with ":" and matches dimension filters as glob
 * patterns: the mistakes of a key-value store that builds keys by concatenation.
 */
export class CollidingKeysRecorder extends ListRecorder {
  protected override groupId(key: GroupKey, groupBy: readonly NormalizedGroupBy[]): string {
    return groupBy.map((g) => String(key[g.name])).join(":");
  }

  protected override matches(record: UsageRecord, filter: NormalizedFilter | undefined): boolean {
    if (!filter) return true;
    const rest: Record<string, unknown> = { ...filter };
    for (const key of DIMENSIONS) delete rest[key];
    if (!matchesFilter(record, rest as NormalizedFilter)) return false;

    return DIMENSIONS.every((key) => {
      const accepted = filter[key];
      if (accepted === undefined) return true;
      return accepted.some((v) =>
        v === null ? record[key] === null : globMatches(v, record[key]),
      );
    });
  }
}

/** Treats `until` as inclusive. */
export class InclusiveUntilRecorder extends ListRecorder {
  protected override matches(record: UsageRecord, filter: NormalizedFilter | undefined): boolean {
    if (!filter || filter.until === undefined) return matchesFilter(record, filter);
    const { until, ...rest } = filter;

    return matchesFilter(record, rest) && record.timestamp <= until;
  }
}

/**
 * Starts days, weeks and months at local midnight under the offset in force at
 * the record, not at midnight: on a clock-change day one day becomes two groups.
 */
export class ShiftedDayBoundaryRecorder extends ListRecorder {
  protected override keyOf(
    record: UsageRecord,
    groupBy: readonly NormalizedGroupBy[],
    timeZone: string,
  ): GroupKey {
    const key = super.keyOf(record, groupBy, timeZone);
    for (const g of groupBy) {
      if (g.kind !== "time" || g.bucket === "hour") continue;
      const offset = zoneOffset(record.timestamp, timeZone);
      const days = Math.floor((record.timestamp + offset) / DAY);
      let start = days * DAY;
      if (g.bucket === "week") start = (days - ((days + 3) % 7)) * DAY;
      if (g.bucket === "month") {
        const local = new Date(record.timestamp + offset);
        start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1);
      }
      key[g.name] = start - offset;
    }

    return key;
  }
}

/** Buffers records and writes them in batches, but close() forgets the last batch. */
export class DropOnCloseRecorder extends ListRecorder {
  #pending: UsageRecord[] = [];

  override async recordUsage(record: UsageRecord): Promise<void> {
    this.#pending.push(record);
    if (this.#pending.length >= 64) await this.flush();
  }

  override async flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    for (const record of batch) await super.recordUsage(record);
  }

  override async getSummary(...args: Parameters<ListRecorder["getSummary"]>) {
    await this.flush();
    return super.getSummary(...args);
  }

  override async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    await this.flush();
    return super.clearRecords(filter);
  }

  override async close(): Promise<void> {
    this.#pending = [];
  }
}
