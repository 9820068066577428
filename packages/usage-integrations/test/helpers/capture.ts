import {
  emptySummary,
  Genie,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";

/** Keeps every record it receives, in order; `failWith` or `stall` make writes fail or hang. */
export class CapturingRecorder implements UsageRecorder {
  readonly records: UsageRecord[] = [];
  failWith: Error | undefined;
  stall = false;

  recordUsage(record: UsageRecord): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.records.push(record);
    if (this.stall) return new Promise(() => {});

    return Promise.resolve();
  }

  async getSummary(): Promise<UsageSummary> {
    return emptySummary(false);
  }

  async clearRecords(): Promise<number> {
    return this.records.splice(0).length;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * A real `genie.usage` facade over a capturing recorder. The price catalog is
 * off: costs are core's business, and records here carry only what the call gave.
 */
export async function createCapture(): Promise<{ genie: Genie; recorder: CapturingRecorder }> {
  const recorder = new CapturingRecorder();
  const genie = await Genie.create({
    features: { tokenUsageRecorder: recorder },
    pricing: { catalog: false },
  });

  return { genie, recorder };
}
