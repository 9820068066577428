import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

/** What the server answers on one path. */
export interface Reply {
  status?: number;
  contentType?: string;
  /** The whole body, written in pieces of `pieceBytes` bytes. */
  body: string;
  pieceBytes?: number;
  /** Destroy the connection after this many bytes of the body. */
  cutAfterBytes?: number;
  /** Keep the connection open after the body instead of ending it. */
  holdOpen?: boolean;
}

export interface ServedRequest {
  method: string;
  path: string;
  /** The query string, `?` included; empty when there is none. */
  query: string;
  headers: IncomingMessage["headers"];
  // biome-ignore lint/suspicious/noExplicitAny: the JSON a client sent
  body: any;
  /** Resolves when the client's connection to this request has closed. */
  closed: Promise<void>;
}

export interface LLMServer {
  readonly url: string;
  readonly requests: ServedRequest[];
  reply(path: string, reply: Reply): void;
  close(): Promise<void>;
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "application/json" });
  const bytes = Buffer.from(reply.body, "utf8");
  const end = Math.min(bytes.length, reply.cutAfterBytes ?? bytes.length);
  const step = reply.pieceBytes ?? bytes.length;
  for (let at = 0; at < end && !res.destroyed; at += step) {
    res.write(bytes.subarray(at, Math.min(end, at + step)));
    await pause();
  }
  if (reply.cutAfterBytes !== undefined) res.socket?.destroy();
  else if (!reply.holdOpen) res.end();
}

/** A node:http server on 127.0.0.1 (ephemeral port) answering each path as told. */
export async function startLLMServer(): Promise<LLMServer> {
  const replies = new Map<string, Reply>();
  const requests: ServedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const closed = new Promise<void>((resolve) => res.on("close", () => resolve()));
    const { pathname: path, search: query } = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({
      method: req.method ?? "",
      path,
      query,
      headers: req.headers,
      body: text ? JSON.parse(text) : null,
      closed,
    });
    const reply = replies.get(path) ?? { status: 404, body: '{"error":"no reply set"}' };
    await send(res, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (path, reply) => replies.set(path, reply),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts one server for a test file; each test starts with an empty request log. */
export function useLLMServer(): { readonly server: LLMServer } {
  const holder: { server: LLMServer } = { server: undefined as unknown as LLMServer };
  beforeAll(async () => {
    holder.server = await startLLMServer();
  });
  afterAll(() => holder.server.close());
  beforeEach(() => {
    holder.server.requests.length = 0;
  });

  return holder;
}

/** `promise`, or a rejection once `ms` have passed. */
export function within<T>(promise: Promise<T>, ms = 2_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms)),
  ]);
}
