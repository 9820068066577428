import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One server-sent event: `data` is sent as JSON unless it is a string. */
export interface SseEvent {
  event?: string;
  data: unknown;
}

/** How the server answers one request. */
export type Reply =
  | { json: unknown; status?: number }
  | {
      sse: readonly SseEvent[];
      /** Keep the connection open after the events, as a slow model would. */
      holdOpen?: boolean;
    };

export interface SeenRequest {
  path: string;
  body: Record<string, unknown>;
}

export type Responder = (body: Record<string, unknown>, seen: SeenRequest[]) => Reply;

/** A provider stand-in on 127.0.0.1 (ephemeral port) answering from fixtures. */
export interface FixtureServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  on(path: string, responder: Responder): void;
  /** Resolves once the client went away from every held-open stream. */
  heldStreamsClosed(): Promise<void>;
  close(): Promise<void>;
}

export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as T;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const responders = new Map<string, Responder>();
  const requests: SeenRequest[] = [];
  const held = new Set<Promise<void>>();
  const open = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const body = await readBody(req);
    requests.push({ path, body });
    const responder = responders.get(path);
    if (!responder) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no fixture for ${path}` } }));
      return;
    }
    const reply = responder(body, requests);
    if ("json" in reply) {
      res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.json));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const event of reply.sse) res.write(formatEvent(event));
    if (!reply.holdOpen) {
      res.end();
      return;
    }
    open.add(res);
    held.add(new Promise((resolve) => res.on("close", () => resolve())));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, responder) => responders.set(path, responder),
    heldStreamsClosed: async () => {
      await Promise.all(held);
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function formatEvent({ event, data }: SseEvent): string {
  const text = typeof data === "string" ? data : JSON.stringify(data);

  return `${event ? `event: ${event}\n` : ""}data: ${text}\n\n`;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString("utf8");

  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
