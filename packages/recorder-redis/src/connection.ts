import { maskSecret } from "@genie/usage-core";
import { Cluster, Redis } from "ioredis";
import type { ResolvedRedisOptions } from "./options.js";
import type { RedisClient } from "./types.js";

export interface Connection {
  readonly client: RedisClient;
  /** Whether the recorder created the client (and so closes it). */
  readonly owned: boolean;
  /** Where the client points, with any password masked: safe for logs and errors. */
  readonly label: string;
}

// The recorder retries writes itself with capped backoff, so a command waiting in
// ioredis's offline queue fails after one reconnect attempt instead of twenty. A
// dropped socket (close after a failed QUIT, or during an outage) is destroyed at
// once instead of keeping a timer for two seconds.
const CLIENT_OPTIONS = {
  maxRetriesPerRequest: 1,
  lazyConnect: false,
  disconnectTimeout: 0,
} as const;

function clusterSeed(url: string): { host: string; port: number } {
  const parsed = new URL(url);

  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port || 6379) };
}

function clusterCredentials(url: string): { username?: string; password?: string } {
  const parsed = new URL(url);
  const credentials: { username?: string; password?: string } = {};
  if (parsed.username) credentials.username = decodeURIComponent(parsed.username);
  if (parsed.password) credentials.password = decodeURIComponent(parsed.password);

  return credentials;
}

/** The client of the options: the one given, a new Cluster, or a new single-server client. */
export function openConnection(options: ResolvedRedisOptions): Connection {
  if (options.client) return { client: options.client, owned: false, label: "the given client" };
  if (options.clusterNodes) {
    const first = options.clusterNodes[0] ?? "";
    const client = new Cluster(options.clusterNodes.map(clusterSeed), {
      redisOptions: { ...CLIENT_OPTIONS, ...clusterCredentials(first) },
    });

    return {
      client,
      owned: true,
      label: `cluster ${options.clusterNodes.map(maskSecret).join(", ")}`,
    };
  }

  return {
    client: new Redis(options.url, CLIENT_OPTIONS),
    owned: true,
    label: maskSecret(options.url),
  };
}

/**
 * Closes a client the recorder created: QUIT when connected, else (or when QUIT
 * has no reply within `timeoutMs`, as from a frozen server) drop the socket.
 */
export async function closeConnection(connection: Connection, timeoutMs: number): Promise<void> {
  if (!connection.owned) return;
  const client = connection.client;
  if (client.status === "ready" && timeoutMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const quit = client.quit().then(
      () => true,
      () => false, // the server went away while quitting
    );
    const quitted = await Promise.race([quit, timedOut]);
    clearTimeout(timer);
    if (quitted) return;
  }
  client.disconnect();
}
