import type { UsageRecorder } from "@genie/usage-core";
import type { RedisRecorderOptions } from "../src/index.js";
import { createRedisRecorder } from "../src/index.js";
import type { RedisClient } from "../src/types.js";
import { deleteNamespace, uniquePrefix } from "./helpers.js";

/**
 * A conformance target: every recorder gets a fresh namespace and opens its own
 * connection from `connection`; `admin` deletes each namespace after its test.
 */
export function conformanceTarget(
  name: string,
  connection: Pick<RedisRecorderOptions, "url" | "clusterNodes">,
  admin: () => RedisClient,
) {
  const prefixes = new WeakMap<UsageRecorder, string>();
  const open = (prefix: string): UsageRecorder => {
    const recorder = createRedisRecorder({ ...connection, prefix, flushIntervalMs: 5 });
    prefixes.set(recorder, prefix);
    return recorder;
  };
  let client: RedisClient | null = null;

  return {
    name,
    capabilities: { persistent: true },
    timeoutMs: 60_000,
    createRecorder: async () => open(uniquePrefix("conf")),
    reopenRecorder: async (closed: UsageRecorder) => open(prefixes.get(closed)!),
    destroyRecorder: async (recorder: UsageRecorder) => {
      client ??= admin();
      await deleteNamespace(client, prefixes.get(recorder)!);
    },
    async closeAdmin(): Promise<void> {
      await client?.quit();
    },
  };
}
