import { Genie } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import postgresRecorderPlugin from "../src/index.js";
import * as fixture from "./helpers.js";

const schema = fixture.testSchema("genie");

afterAll(async () => {
  await fixture.dropSchema(schema);
});

describe("through the Genie facade", () => {
  it("records, summarizes, clears and closes", async () => {
    const genie = await Genie.create({
      features: { tokenUsageRecorder: postgresRecorderPlugin },
      tokenUsageRecorderConfigurations: {
        postgres: { connectionString: fixture.POSTGRES_URL, schema },
      },
    });
    const inputs = [
      { providerId: "openai", modelName: "gpt-4o", promptTokens: 10, completionTokens: 5 },
      { providerId: "openai", modelName: "gpt-4o", promptTokens: 20, completionTokens: 7 },
      { providerId: "ollama", modelName: "llama3.1", promptTokens: 3, userId: "u1", id: "r1" },
      { providerId: "ollama", modelName: "llama3.1", promptTokens: 3, userId: "u1", id: "r1" },
    ];
    for (const input of inputs) await genie.usage.recordUsage(input);
    await genie.usage.flush();

    const summary = await genie.usage.getSummary({ groupBy: ["providerId"] });
    expect(summary.totalRecords).toBe(3);
    expect(summary.totalPromptTokens).toBe(33);
    expect(summary.totalCompletionTokens).toBe(12);
    expect(summary.totalTokensOverall).toBe(45);
    expect(summary.byModel["gpt-4o"]?.total).toBe(42);
    expect(summary.groups?.map((g) => [g.key.providerId, g.count])).toEqual([
      ["ollama", 1],
      ["openai", 2],
    ]);
    expect(await genie.usage.clearRecords({ filter: { userId: "u1" } })).toBe(1);
    expect((await genie.usage.getSummary()).totalRecords).toBe(2);
    await genie.close();
  });
});
