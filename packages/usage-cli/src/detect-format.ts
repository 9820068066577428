import { open } from "node:fs/promises";
import { extname } from "node:path";
import { GenieUsageError } from "@genie/usage-core";
import { AZURE_TRACE_HEADER } from "./azure-trace.js";
import type { ImportFormat } from "./types.js";

const PEEK_BYTES = 64 * 1024;

type Shape = Record<string, unknown>;

const isObject = (value: unknown): value is Shape =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The format one parsed JSON line looks like, or undefined. */
export function formatOfObject(line: Shape): ImportFormat | undefined {
  if ("providerId" in line || "modelName" in line) return "records";
  if ("provider_id" in line || "model_name" in line) return "python";
  const usage = isObject(line.usage) ? line.usage : undefined;
  if (line.object === "chat.completion" || (usage && "prompt_tokens" in usage))
    return "openai-chat";
  if (line.object === "response" || (usage && "input_tokens" in usage && "output_tokens" in usage))
    return line.type === "message" ? "anthropic" : "openai-responses";
  if (line.type === "message" && usage) return "anthropic";
  if ("usageMetadata" in line) return "gemini";
  if ("eval_count" in line || "prompt_eval_count" in line || ("done" in line && "model" in line))
    return "ollama";
  if (usage && "inputTokens" in usage) return "bedrock-converse";

  return undefined;
}

async function peek(path: string): Promise<string> {
  const handle = await open(path, "r").catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new Error(`Cannot read ${path}: ${why}.`, { cause: error });
  });
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Detects a file's format from its first lines: an Azure trace header, or the
 * first JSON line whose shape is recognised. Throws when nothing matches.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  if (path === "-") throw undetected(path, "standard input cannot be peeked");
  const head = (await peek(path)).replace(/^\uFEFF/, "");
  const lines = head.split(/\r?\n|\r/).slice(0, 50);
  if (lines[0]?.startsWith(AZURE_TRACE_HEADER)) return "azure-trace";
  if (extname(path).toLowerCase() === ".csv") throw undetected(path, "unknown CSV header");
  for (const line of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const format = isObject(value) ? formatOfObject(value) : undefined;
    if (format) return format;
  }

  throw undetected(path, "no line in the first 50 has a known shape");
}

function undetected(path: string, why: string): GenieUsageError {
  return new GenieUsageError(
    "INVALID_CONFIG",
    `Cannot tell the format of ${path} (${why}); pass --format.`,
  );
}
