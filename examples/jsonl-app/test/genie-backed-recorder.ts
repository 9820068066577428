import type {
  Genie,
  NormalizedFilter,
  NormalizedQuery,
  UsageFilter,
  UsageRecord,
  UsageRecorder,
  UsageRecordInput,
  UsageSummary,
} from "@genie/usage-core";

function toInput(record: UsageRecord): UsageRecordInput {
  const { idSource: _stamp, ...input } = record;
  return input;
}

/**
 * A whole Genie seen as one recorder, so the conformance suite drives the
 * recorder that discovery loaded, through the same calls an application makes.
 */
export class GenieBackedRecorder implements UsageRecorder {
  readonly genie: Genie;
  readonly dataFile: string;

  constructor(genie: Genie, dataFile: string) {
    this.genie = genie;
    this.dataFile = dataFile;
  }

  recordUsage(record: UsageRecord): Promise<void> {
    return this.genie.usage.recordUsage(toInput(record));
  }

  recordBatch(records: readonly UsageRecord[]): Promise<void> {
    return this.genie.usage.recordBatch(records.map(toInput));
  }

  getSummary(query: NormalizedQuery): Promise<UsageSummary> {
    return this.genie.usage.getSummary({
      filter: query.filter as UsageFilter,
      groupBy: query.groupBy.map((g) => g.name),
      timeZone: query.timeZone,
    });
  }

  clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    return this.genie.usage.clearRecords(
      filter === undefined ? {} : { filter: filter as UsageFilter },
    );
  }

  flush(): Promise<void> {
    return this.genie.usage.flush();
  }

  close(): Promise<void> {
    return this.genie.close();
  }
}
