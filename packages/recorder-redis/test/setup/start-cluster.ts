import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import {
  dataDir,
  findFreePorts,
  type RedisProcess,
  redisCli,
  startRedisServer,
  waitFor,
} from "./redis-process.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisClusterNodes: string[];
  }
}

// An unusual range, away from 6379 and from the usual cluster examples (7000-7005).
const BASE_PORTS = [7311, 7321, 7331, 7341, 7351, 7361, 7371, 7381];

/**
 * Starts a three-master Redis Cluster on loopback ports for this package's tests,
 * and stops it (and deletes its data folder) when they end.
 */
export default async function startCluster(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "genie-redis-cluster-"));
  const ports = await findFreePorts(BASE_PORTS, 3);
  const servers: RedisProcess[] = [];
  const teardown = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const clusterArgs = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"];
      const args = [...clusterArgs, "--appendonly", "no"];
      servers.push(await startRedisServer(port, dataDir(root, port), args));
    }
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await redisCli(["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"]);
    for (const port of ports) {
      await waitFor(
        async () =>
          (await redisCli(["-p", String(port), "cluster", "info"])).includes("cluster_state:ok"),
        `cluster state ok on port ${port}`,
      );
    }
    project.provide(
      "redisClusterNodes",
      ports.map((p) => `redis://127.0.0.1:${p}`),
    );
  } catch (error) {
    await teardown();
    throw error;
  }

  return teardown;
}
