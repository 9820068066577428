import type { UsageFacade, UsageTags } from "@genie/usage-core";

/**
 * Where integrations record: `genie.usage`. Only these two methods are used,
 * so a test double or a wrapper of the facade fits too.
 */
export type UsageSink = Pick<UsageFacade, "recordUsage" | "noteAutoRecordFailure">;

/**
 * Who a call is for. Given to an integration, each field wins over the same field
 * of the `withUsageContext` scope around the call; tags are merged key by key.
 */
export interface UsageAttribution {
  userId?: string | null;
  sessionId?: string | null;
  tags?: UsageTags;
  /** Default: `chat`. */
  callType?: string;
  /** Default: the SDK's provider (`openai`, `anthropic`); set it for a compatible server. */
  providerId?: string;
}
