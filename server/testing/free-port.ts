import { spawnSync } from "node:child_process";
import net from "node:net";

/**
 * Ports for the test suite, chosen by the kernel (listen on port 0) instead of fixed numbers,
 * so that the tests can run beside a running demo or another test run.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Run in a child: Playwright's config is loaded synchronously. Tries random bases until every
// port of the block takes a listener, then prints the base.
const findBlock = `
const net = require("node:net");
const size = Number(process.argv[1]);
const tryListen = (port) => new Promise((resolve) => {
  const server = net.createServer();
  server.once("error", () => resolve(null));
  server.listen(port, () => resolve(server));
});
(async () => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    const held = [];
    for (let i = 0; i < size; i++) {
      const server = await tryListen(base + i);
      if (!server) break;
      held.push(server);
    }
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    if (held.length === size) return void process.stdout.write(String(base));
  }
  process.exit(1);
})();`;

/** The first of `size` consecutive free ports, found synchronously. */
export function freePortBlockSync(size: number): number {
  const result = spawnSync(process.execPath, ["-e", findBlock, String(size)], { encoding: "utf8", timeout: 30_000 });
  const base = Number(result.stdout);
  if (result.status !== 0 || !Number.isInteger(base) || base <= 0) throw new Error("no block of free ports found");
  return base;
}
