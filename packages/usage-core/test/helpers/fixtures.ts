import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** A fixture file's text. */
export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary parsed JSON
export type Json = any;

export function fixtureJson(name: string): Json {
  return JSON.parse(fixtureText(name));
}

/** The JSON `data` of every SSE event in a transcript, `[DONE]` left out. */
export function fixtureSseEvents(name: string): Json[] {
  return fixtureText(name)
    .split(/\n\n+/)
    .map((block) =>
      block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .join("\n"),
    )
    .filter((data) => data.length > 0 && data !== "[DONE]")
    .map((data) => JSON.parse(data));
}

/** One JSON value per non-empty line (NDJSON, JSON Lines). */
export function fixtureLines(name: string): Json[] {
  return fixtureText(name)
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));
}
