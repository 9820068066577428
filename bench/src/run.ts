// Runs the named benchmark suites (all when none is named): `pnpm bench [llm|memory|postgres|pricing|...]`.
const suites: Record<string, () => Promise<unknown>> = {
  integrations: () => import("./integrations.js"),
  llm: () => import("./llm.js"),
  memory: () => import("./memory.js"),
  postgres: () => import("./postgres.js"),
  pricing: () => import("./pricing.js"),
  redis: () => import("./redis.js"),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length > 0 ? wanted : Object.keys(suites);
for (const name of names) {
  const load = suites[name];
  if (!load) {
    console.error(
      `Unknown benchmark "${name}"; known: ${Object.keys(suites).join(", ") || "none yet"}.`,
    );
    process.exit(2);
  }
  const suite = (await load()) as { run(): Promise<void> };
  await suite.run();
}
