import { extractUsage, InvalidUsageRecordError, LIMITS } from "@genie/usage-core";
import { checkEarliest, impossibleIsoDate } from "./calendar.js";
import { parseJsonObject } from "./parse-json-line.js";
import { checkRawCounts } from "./raw-counts.js";
import type { LineParser, ProviderFormat } from "./types.js";

/** The providerId a response format stands for, unless `--provider` says otherwise. */
export const PROVIDER_OF_FORMAT: Readonly<Record<ProviderFormat, string>> = {
  "openai-chat": "openai",
  "openai-responses": "openai",
  anthropic: "anthropic",
  gemini: "google",
  ollama: "ollama",
  "bedrock-converse": "bedrock",
};

export interface ProviderLineOptions {
  providerId?: string;
  /** For responses that do not name their model (Bedrock Converse). */
  modelName?: string;
}

/**
 * When the response says it was made: OpenAI's `created`/`created_at` (epoch
 * seconds; a value that already looks like milliseconds is rejected rather
 * than read as a date tens of thousands of years ahead), Ollama's ISO date.
 */
function responseTime(body: Record<string, unknown>): number | undefined {
  const field = body.created !== undefined && body.created !== null ? "created" : "created_at";
  const seconds = body[field];
  if (typeof seconds === "number" && Number.isFinite(seconds)) {
    if (Math.abs(seconds) >= LIMITS.minTimestampMs) {
      throw new InvalidUsageRecordError(
        field,
        seconds,
        "looks like milliseconds, but responses give epoch seconds; divide by 1000",
      );
    }
    const ms = Math.round(seconds * 1000);
    checkEarliest(field, seconds, ms);
    return ms;
  }
  if (typeof seconds === "string") {
    const impossible = impossibleIsoDate(seconds);
    if (impossible) throw new InvalidUsageRecordError(field, seconds, impossible);
    const ms = Date.parse(seconds);
    if (Number.isNaN(ms)) return undefined;
    checkEarliest(field, seconds, ms);
    return ms;
  }

  return undefined;
}

/**
 * JSON Lines of raw provider responses, one whole response body per line, read
 * through core's usage extraction. Lines without a time are stamped at import.
 * A count in the body that is not a whole number >= 0 rejects the line.
 */
export function createProviderLineParser(
  format: ProviderFormat,
  options: ProviderLineOptions = {},
): LineParser {
  const providerId = options.providerId ?? PROVIDER_OF_FORMAT[format];

  return (text) => {
    const body = parseJsonObject(text);
    if (!body) return undefined;
    checkRawCounts(format, body);
    const { modelName, ...counts } = extractUsage(format, body);
    if (Object.values(counts).every((count) => count === null)) {
      throw new InvalidUsageRecordError(
        "usage",
        null,
        `is missing: the line carries no token counts (is it a ${format} response?)`,
      );
    }
    const model = modelName ?? options.modelName;
    if (!model) {
      throw new InvalidUsageRecordError(
        "modelName",
        model,
        "is missing from the response; pass --model to name it",
      );
    }
    const timestamp = responseTime(body);

    return {
      providerId,
      modelName: model,
      ...counts,
      ...(timestamp === undefined ? {} : { timestamp }),
    };
  };
}
