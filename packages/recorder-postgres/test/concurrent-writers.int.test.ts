import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { normalizeQuery, type UsageQuery } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, migrate } from "../src/index.js";
import * as fixture from "./helpers.js";

const run = promisify(execFile);
const schema = fixture.testSchema("writers");
const WRITERS = 4;
const PER_WRITER = 5000;

beforeAll(async () => {
  await migrate({ connectionString: fixture.POSTGRES_URL, schema });
});

afterAll(async () => {
  await fixture.dropSchema(schema);
});

describe("four writer processes at once", () => {
  it("never deadlock and never lose an increment", async () => {
    const script = fileURLToPath(new URL("./concurrent-writer.ts", import.meta.url));
    const outputs = await Promise.all(
      Array.from({ length: WRITERS }, (_, w) =>
        run(
          process.execPath,
          ["--import", "tsx", script, schema, String(w + 1), String(PER_WRITER)],
          // `--import tsx` resolves from the working directory: this package's.
          { timeout: 120_000, cwd: fileURLToPath(new URL("..", import.meta.url)) },
        ),
      ),
    );
    for (const { stdout } of outputs) {
      expect(JSON.parse(stdout)).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    }

    const expected = [
      ...Array.from({ length: WRITERS }, (_, w) => fixture.sampleRecords(PER_WRITER, w + 1)).flat(),
      ...fixture.sharedRecords(),
    ];
    const recorder = await createPostgresRecorder({
      connectionString: fixture.POSTGRES_URL,
      schema,
      migrate: false,
    });
    const queries: UsageQuery[] = [
      {},
      { groupBy: ["day", "modelName"] },
      { filter: { userId: "carol" } },
    ];
    for (const query of queries) {
      expect(await recorder.getSummary(normalizeQuery(query))).toEqual(
        fixture.referenceSummary(expected, query),
      );
    }
    await recorder.close();
  });
});
