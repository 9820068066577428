import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { findFreePorts, type RedisProcess, startRedisServer } from "./setup/redis-process.js";

export interface OwnServer {
  readonly port: number;
  readonly process: RedisProcess;
}

/**
 * A redis-server of one describe block's own on a free loopback port, so killing
 * or freezing it never disturbs anyone else; started before its tests, stopped
 * (and its data removed) after them.
 */
export function ownRedisServer(name: string, portCandidates: readonly number[]): OwnServer {
  let root = "";
  let current: RedisProcess | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `genie-redis-${name}-`));
    const [port] = (await findFreePorts(portCandidates, 1)) as [number];
    current = await startRedisServer(port, root);
  });
  afterAll(async () => {
    current?.child.kill("SIGCONT");
    await current?.stop();
    await rm(root, { recursive: true, force: true });
  });

  return {
    get port() {
      return current!.port;
    },
    get process() {
      return current!;
    },
  };
}
