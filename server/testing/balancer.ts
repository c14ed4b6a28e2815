import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A load balancer in front of several instances, as README's nginx example sets one up: round
 * robin, a new connection to the instance for every request (nginx without an upstream
 * `keepalive`), and a request whose connection is refused passed to the next instance — nginx's
 * default `proxy_next_upstream error`, which retries even a POST when nothing was sent. Anything
 * else that goes wrong with an instance (a reset, a connection closed mid-answer) is answered 502,
 * which is what a client must never see in a graceful restart.
 */
export async function startBalancer(upstreams: number[]) {
  let next = 0;
  /** Requests each instance answered, by port. */
  const served = new Map<number, number>(upstreams.map((port) => [port, 0]));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    const first = next++;
    req.on("end", () => forward(Buffer.concat(chunks), 0));

    const forward = (body: Buffer, tried: number) => {
      const port = upstreams[(first + tried) % upstreams.length]!;
      const upstream = http.request(
        { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent: false },
        (answer) => {
          served.set(port, (served.get(port) ?? 0) + 1);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("error", () => res.destroy());
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED" && tried + 1 < upstreams.length) return forward(body, tried + 1);
        if (res.headersSent) return res.destroy();
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`bad gateway: ${error.code ?? error.message}`);
      });
      upstream.end(body);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
