import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Whether nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first base port of `candidates` whose `count` ports (and cluster bus ports) are free. */
export async function findFreePorts(
  candidates: readonly number[],
  count: number,
): Promise<number[]> {
  for (const base of candidates) {
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const needed = [...ports, ...ports.map((p) => p + 10_000)];
    const free = await Promise.all(needed.map(isPortFree));
    if (free.every(Boolean)) return ports;
  }
  throw new Error(`No free loopback ports among ${candidates.join(", ")} for test Redis servers.`);
}

export async function redisCli(args: readonly string[]): Promise<string> {
  const { stdout } = await run("redis-cli", [...args], { timeout: 30_000 });

  return stdout;
}

export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

export interface RedisProcess {
  readonly port: number;
  readonly child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts redis-server on 127.0.0.1:port with its data in `dir`, and waits for PONG. */
export async function startRedisServer(
  port: number,
  dir: string,
  extra: readonly string[] = [],
): Promise<RedisProcess> {
  await mkdir(dir, { recursive: true });
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  const child = spawn("redis-server", [...args, ...extra], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("error", () => {});
  await waitFor(
    async () => (await redisCli(["-p", String(port), "ping"])).trim() === "PONG",
    `redis-server on port ${port} (is redis-server installed?)`,
  );

  return {
    port,
    child,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export function dataDir(root: string, port: number): string {
  return join(root, String(port));
}
