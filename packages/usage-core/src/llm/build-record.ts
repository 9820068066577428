import { InvalidUsageRecordError } from "../errors.js";
import { LIMITS } from "../limits.js";
import type { LLMUsageInfo, UsageRecordInput, UsageTags } from "../types.js";
import { currentUsageContext, mergeUsageContext, validateUsageContext } from "../usage-context.js";
import { optionalIdentifier, validateTags } from "../validate-record.js";
import { repairUsage } from "./repair-usage.js";
import type { LLMCallOptions } from "./types.js";

/** Who a call is recorded for, fixed when the call starts. */
export interface CallAttribution {
  readonly callType: string;
  readonly userId: string | null;
  readonly sessionId: string | null;
  readonly tags: UsageTags | undefined;
}

/**
 * The call's options over the surrounding withUsageContext scope (options
 * win). Bad attribution (tags that are not a flat plain object, a userId that
 * is not a string, more tags than a record holds once merged) throws
 * InvalidUsageRecordError naming `where`, so the call fails before it is made.
 */
export function resolveAttribution(
  options: Pick<LLMCallOptions, "userId" | "sessionId" | "tags" | "callType">,
  callType: string,
  where = "options",
): CallAttribution {
  const own = validateUsageContext(
    { userId: options.userId, sessionId: options.sessionId, tags: options.tags },
    where,
  );
  const context = mergeUsageContext(currentUsageContext(), own);

  return {
    callType: optionalIdentifier(options.callType, `${where}.callType`) ?? callType,
    userId: context.userId ?? null,
    sessionId: context.sessionId ?? null,
    tags: context.tags === undefined ? undefined : callTags(context.tags, `${where}.tags`),
  };
}

// The record may need room for the two tags recording adds: incomplete and droppedCounts.
const CALL_TAG_LIMIT = LIMITS.maxTagCount - 2;

function callTags(tags: UsageTags, field: string): UsageTags {
  const count = Object.keys(tags).length;
  if (count > CALL_TAG_LIMIT) {
    throw new InvalidUsageRecordError(
      field,
      count,
      `may hold at most ${CALL_TAG_LIMIT} tags together with the withUsageContext scope's ` +
        "(two of a record's 64 are kept for incomplete and droppedCounts)",
    );
  }

  return validateTags(tags, field);
}

/**
 * One call's record: the provider, the model it reported, its counts and
 * attribution. Counts the record would reject are dropped (see repairUsage)
 * and named in the tag `droppedCounts`, so the rest of the usage is kept.
 */
export function buildUsageRecord(
  providerId: string,
  modelName: string,
  usage: LLMUsageInfo,
  attribution: CallAttribution,
  isIncomplete: boolean,
): UsageRecordInput {
  const { counts, dropped } = repairUsage(usage);
  const tags: Record<string, string | number | boolean> = { ...attribution.tags };
  if (isIncomplete) tags.incomplete = true;
  if (dropped.length > 0) tags.droppedCounts = dropped.join(",");

  return {
    providerId,
    modelName,
    ...counts,
    callType: attribution.callType,
    userId: attribution.userId,
    sessionId: attribution.sessionId,
    customTags: Object.keys(tags).length > 0 ? tags : null,
  };
}
