import { once } from "node:events";
import net from "node:net";

/**
 * A TCP relay to the test server that can freeze: from then on it passes nothing in
 * either direction and accepts connections it never answers, as a hung server would
 * (connections stay open, no error ever comes back).
 */
export async function freezingProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("error", () => {});
    client.on("close", () => sockets.delete(client));
    if (frozen) return;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => sockets.delete(upstream));
    client.on("close", () => upstream.destroy());
    client.on("data", (data) => void (frozen || upstream.write(data)));
    upstream.on("data", (data) => void (frozen || client.write(data)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(target.href);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  return {
    url: url.href,
    freeze() {
      frozen = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
