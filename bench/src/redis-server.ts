import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export interface BenchServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A redis-server of the benchmark's own on a free loopback port (no persistence),
 * so a million records never land on the server other work shares.
 */
export async function startBenchServer(): Promise<BenchServer> {
  let port = 7421;
  while (!(await isPortFree(port))) port += 1;
  const dir = await mkdtemp(join(tmpdir(), "genie-bench-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir];
  const child: ChildProcess = spawn("redis-server", [...args, "--appendonly", "no"], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; i < 100; i++) {
    const pong = await run("redis-cli", ["-p", String(port), "ping"]).catch(() => null);
    if (pong?.stdout.trim() === "PONG") break;
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Requests per second of redis-benchmark's pipelined INCR on one key (the ceiling). */
export async function pipelinedIncr(url: string, key: string, pipeline = 64): Promise<number> {
  const { hostname, port } = new URL(url);
  const args = ["-h", hostname, "-p", port || "6379", "-P", String(pipeline), "-n", "2000000"];
  const { stdout } = await run("redis-benchmark", [...args, "-q", "INCR", key]);
  const match = /([\d.]+) requests per second/.exec(stdout);
  if (!match) throw new Error(`Unexpected redis-benchmark output: ${stdout}`);

  return Number(match[1]);
}
