import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { drainable } from "./drain";

/**
 * README: Faults — a graceful stop answers every request it has received, or refuses the
 * connection; never a reset. Node's own close() + closeIdleConnections() resets keep-alive
 * connections whose next request is already waiting, unread, under load.
 */
let server: http.Server | undefined;
afterEach(() => server?.close());

type Outcome = { answered: number; closedWith: string[] };

async function loadThenDrain(stop: (server: http.Server, drain: ReturnType<typeof drainable>) => void) {
  const s = http.createServer((req, res) => {
    drain.track(req, res);
    // A busy event loop, so requests wait in their sockets' buffers, unread.
    const until = Date.now() + 2;
    while (Date.now() < until);
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  server = s;
  const drain = drainable(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  const outcome: Outcome = { answered: 0, closedWith: [] };
  const client = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (;;) {
      try {
        await new Promise<void>((resolve, reject) => {
          const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/", agent }, (res) => {
            res.resume();
            res.on("end", resolve);
            res.on("error", reject);
          });
          req.on("error", reject);
          req.end("x".repeat(100));
        });
        outcome.answered++;
      } catch (error) {
        outcome.closedWith.push((error as NodeJS.ErrnoException).code ?? String(error));
        break;
      }
    }
    agent.destroy();
  };
  const clients = Promise.all(Array.from({ length: 8 }, client));
  await new Promise((resolve) => setTimeout(resolve, 300));
  stop(s, drain);
  await clients;
  return outcome;
}

it("under keep-alive load, every client is answered until it is refused at connect", async () => {
  let drained: Promise<boolean> | undefined;
  const outcome = await loadThenDrain((_, drain) => {
    drained = drain.drain(10_000);
  });
  expect(outcome.answered).toBeGreaterThan(0);
  expect(outcome.closedWith).toEqual(Array(8).fill("ECONNREFUSED"));
  expect(await drained).toBe(true);
});

it("lets a slow request finish, and gives up after the timeout on one that never ends", async () => {
  const s = http.createServer((req, res) => {
    drain.track(req, res);
    if (req.url === "/slow") setTimeout(() => res.end("done"), 300);
    // "/never" is never answered
  });
  server = s;
  const drain = drainable(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  const get = (path: string) =>
    new Promise<{ body: string; connection: string | undefined }>((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port, path, agent: new http.Agent({ keepAlive: true }) }, (res) => {
          let body = "";
          res.setEncoding("utf8").on("data", (c: string) => (body += c));
          res.on("end", () => resolve({ body, connection: res.headers.connection }));
        })
        .on("error", reject),
    );
  const slow = get("/slow");
  await new Promise((resolve) => setTimeout(resolve, 50));
  const drained = drain.drain(10_000);
  expect(await slow).toEqual({ body: "done", connection: "close" });
  expect(await drained).toBe(true);

  const s2 = http.createServer((req, res) => drain2.track(req, res));
  server = s2;
  const drain2 = drainable(s2);
  await new Promise<void>((resolve) => s2.listen(port, "127.0.0.1", resolve));
  const never = get("/never").catch((error: NodeJS.ErrnoException) => error.code);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await drain2.drain(500)).toBe(false);
  expect(await never).toBe("ECONNRESET");
});
