import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GoodLine {
  providerId: string;
  modelName: string;
  promptTokens: number;
  completionTokens: number;
  timestamp: number;
}

const good: GoodLine[] = [
  {
    providerId: "openai",
    modelName: "gpt-4o",
    promptTokens: 120,
    completionTokens: 30,
    timestamp: 1_700_000_000_000,
  },
  {
    providerId: "anthropic",
    modelName: "claude-sonnet",
    promptTokens: 1_500,
    completionTokens: 700,
    timestamp: 1_700_000_060_000,
  },
  {
    providerId: "openai",
    modelName: "gpt-4o",
    promptTokens: 9,
    completionTokens: 1,
    timestamp: 1_700_000_120_000,
  },
];

/** Each bad line, its 1-based number in the file and a word its reason must contain. */
export const BAD_LINES = [
  { lineNumber: 2, reason: "must not be negative" },
  { lineNumber: 3, reason: "modelName" },
  { lineNumber: 5, reason: "not valid JSON" },
  { lineNumber: 6, reason: "looks like seconds" },
] as const;

/** A JSON Lines file of records: good lines at 1, 4 and 8, bad ones at 2, 3, 5 and 6, blank 7. */
export function writeBadLinesFile(dir: string): { file: string; good: GoodLine[] } {
  const lines = [
    JSON.stringify(good[0]),
    JSON.stringify({ ...good[0], promptTokens: -5 }),
    JSON.stringify({
      providerId: "openai",
      promptTokens: 1,
      completionTokens: 1,
      timestamp: 1_700_000_000_000,
    }),
    JSON.stringify(good[1]),
    '{"providerId":"openai","modelName":"gpt-4o",',
    JSON.stringify({ ...good[2], timestamp: 1_700_000_120 }),
    "",
    JSON.stringify(good[2]),
  ];
  const file = join(dir, "usage-with-bad-lines.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);

  return { file, good };
}
