import { createMemoryRecorder } from "@genie/recorder-memory";
import { normalizeQuery, type UsageQuery } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, type PostgresRecorder } from "../src/index.js";
import * as fixture from "./helpers.js";

const schema = fixture.testSchema("parity");
const memory = createMemoryRecorder();
let postgres: PostgresRecorder;
const records = fixture.sampleRecords(4000, 31);

beforeAll(async () => {
  postgres = await createPostgresRecorder({ connectionString: fixture.POSTGRES_URL, schema });
  for (const recorder of [memory, postgres]) {
    await recorder.recordBatch?.(records);
    await recorder.flush();
  }
});

afterAll(async () => {
  await postgres?.close();
  await memory.close();
  await fixture.dropSchema(schema);
});

const queries: UsageQuery[] = [
  {},
  { groupBy: ["modelName", "tag:tier"] },
  { groupBy: ["day"] },
  { groupBy: ["week"], timeZone: "Europe/Berlin" },
  { groupBy: ["hour", "userId"], timeZone: "America/New_York" },
  { groupBy: ["month", "callType"], timeZone: "Australia/Lord_Howe" },
  { filter: { userId: ["alice", null], tags: { tier: 2 } }, groupBy: ["sessionId"] },
  { filter: { providerId: "openai", since: 1_767_225_600_000 + 86_400_000 * 10 } },
];

describe("the same summaries as the memory recorder", () => {
  for (const query of queries) {
    it(JSON.stringify(query), async () => {
      const q = normalizeQuery(query);
      expect(await postgres.getSummary(q)).toEqual(await memory.getSummary(q));
    });
  }
});
