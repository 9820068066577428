import type { UsageRecord } from "@genie/usage-core";
import { sealBlock } from "./range-sums.js";
import type { Store } from "./store.js";
import { BLOCK_ROWS, BLOCK_SHIFT } from "./time-blocks.js";

/** Rebuilds the record stored in a row, as the recorder received it. */
export function readRecord(store: Store, row: number): UsageRecord {
  const c = store.columns;
  const id = store.ids.idAt(c, row);
  const cost = c.cost[row] as number;

  return {
    id,
    idSource: store.ids.sourceAt(c, row),
    providerId: store.providers.values[c.provider[row] as number] as string,
    modelName: store.models.values[c.model[row] as number] as string,
    promptTokens: c.count(row, 0),
    completionTokens: c.count(row, 1),
    totalTokens: c.count(row, 2),
    cachedPromptTokens: c.count(row, 3),
    cacheWriteTokens: c.count(row, 4),
    reasoningTokens: c.count(row, 5),
    timestamp: c.timestamp[row] as number,
    callType: store.callTypes.values[c.callType[row] as number] as string | null,
    userId: store.users.values[c.user[row] as number] as string | null,
    sessionId: store.sessions.values[c.session[row] as number] as string | null,
    customTags: store.tagSets.values[c.tags[row] as number] ?? null,
    costUsd: Number.isNaN(cost) ? null : cost,
  };
}

/** Writes a record (its id already claimed) into a fresh row. */
export function writeRecord(store: Store, record: UsageRecord): number {
  const c = store.columns;
  const row = c.allocate();
  c.timestamp[row] = record.timestamp;
  c.blocks.note(row, record.timestamp);
  c.setCount(row, 0, record.promptTokens);
  c.setCount(row, 1, record.completionTokens);
  c.setCount(row, 2, record.totalTokens);
  c.setCount(row, 3, record.cachedPromptTokens);
  c.setCount(row, 4, record.cacheWriteTokens);
  c.setCount(row, 5, record.reasoningTokens);
  c.cost[row] = record.costUsd ?? Number.NaN;
  c.provider[row] = store.providers.codeOf(record.providerId);
  c.model[row] = store.models.codeOf(record.modelName);
  c.callType[row] = store.callTypes.codeOf(record.callType);
  const user = store.users.codeOf(record.userId);
  c.user[row] = user;
  c.addUserRow(user, row);
  c.session[row] = store.sessions.codeOf(record.sessionId);
  c.tags[row] = store.tagSets.codeOf(record.customTags);
  store.ids.store(c, row, record.id);
  if ((row & (BLOCK_ROWS - 1)) === BLOCK_ROWS - 1) sealBlock(c, row >> BLOCK_SHIFT);
  if (record.timestamp < store.lastTimestamp) store.isOrdered = false;
  store.lastTimestamp = record.timestamp;

  return row;
}
