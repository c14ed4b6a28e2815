import http from "node:http";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { exited, startServer } from "../testing/spawn-server";
import { freePort } from "../testing/free-port";
import { addUser } from "../services/add-user";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { createProjectToken } from "../services/create-project-token";

/**
 * The hardening items that only a real server shows: the production build behind
 * server/main.ts on its own database file, spoken to over raw sockets where a fetch
 * would hide what happens on the wire. Needs the build, so `npm test` runs files named
 * *.server.test.ts after it (`npm run test:server`), not with the unit tests.
 */
// A free port, so that this runs beside a demo or another run.
let port: number;
let origin: string;
let t: TestDb;
let server: ChildProcess;
let token: string;
let cookie: string;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request over its own socket; `body` may be shorter than the declared length (the rest is never sent). */
function raw(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  agent?: http.Agent;
  end?: boolean;
}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (options.body) req.write(options.body);
    if (options.end !== false) req.end();
  });
}

beforeAll(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  for (const project of ["api", "other"])
    await givenProject(ctx, project, [
      { slug: "dev", name: "Development" },
      { slug: "qa", name: "QA" },
    ]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  await addUser({ ctx, input: { email: "vi@example.com", name: "Vi", role: "viewer", password: "correct horse" } });
  await createRelease({ ctx, input: { project: "api", version: "0.1.0", notes: "plain *notes*" } });
  await createRelease({ ctx, input: { project: "api", version: "1.0.0", notes: "*a_".repeat(4000) } });
  await createRelease({ ctx, input: { project: "api", version: "1.0.1", notes: ">".repeat(5000) } });
  port = await freePort();
  origin = `http://localhost:${port}`;
  server = await startServer(t.file, port);
  const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: "vi@example.com", password: "correct horse" }),
  });
  expect(signIn.status).toBe(200);
  cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  if (server) await exited(server);
  await t?.close();
});

describe("release notes on a real server (item 1)", () => {
  it("renders the notes that stalled it, while /api/health keeps answering", async () => {
    const page = (version: string) => fetch(`${origin}/projects/api/releases/${version}`, { headers: { cookie } });
    expect((await page("0.1.0")).status).toBe(200); // warm: the route's code is loaded
    for (const version of ["1.0.0", "1.0.1"]) {
      let slowestHealth = 0;
      let rendering = true;
      const probe = (async () => {
        while (rendering) {
          const start = performance.now();
          await fetch(`${origin}/api/health`);
          slowestHealth = Math.max(slowestHealth, performance.now() - start);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const response = await page(version);
      const html = await response.text();
      rendering = false;
      await probe;
      expect(response.status).toBe(200);
      expect(html).toContain("Notes");
      // react-markdown held the event loop for ~6 s on the first of these.
      expect(slowestHealth).toBeLessThan(1000);
    }
  });
});

describe("body limits before parsing (items 2 and 18)", () => {
  it("refuses a 300 MiB sign-in from its declared length, before reading it, and closes the connection", async () => {
    const answer = await raw({
      method: "POST",
      path: "/api/auth/sign-in/email",
      headers: { "content-type": "application/json", origin, "content-length": 300 * 1024 * 1024 },
      body: '{"email":"vi@example.com","password":"',
      end: false,
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
  });

  it("refuses a tRPC body over 1 MiB sent without a declared length", async () => {
    const big = JSON.stringify({ "0": { json: { project: "x".repeat(1100 * 1024) } } });
    const answer = await raw({
      method: "POST",
      path: "/api/trpc/moves.lock?batch=1",
      headers: { "content-type": "application/json", origin, cookie, "transfer-encoding": "chunked" },
      body: big,
    });
    expect(answer.status).toBe(413);
  });

  it("after a 413 on a kept-alive connection, the client's next request is answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = JSON.stringify({ version: "9.9.9", notes: "x".repeat(2 * 1024 * 1024) });
      const refused = await raw({
        method: "POST",
        path: "/api/v1/projects/api/releases",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "content-length": Buffer.byteLength(big),
        },
        body: big,
        agent,
      });
      expect(refused.status).toBe(413);
      // Drained rather than closed under the client's feet, which would lose the answer (EPIPE).
      expect(refused.headers.connection).not.toBe("close");
      const next = await raw({
        path: "/api/v1/projects/api/releases/0.1.0",
        headers: { authorization: `Bearer ${token}` },
        agent,
      });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe("Host header (item 12)", () => {
  it("answers a malformed Host without a 500", async () => {
    const answer = await raw({
      method: "POST",
      path: "/api/v1/projects/api/releases",
      headers: { host: "a b", "content-type": "application/json" },
      body: "{}",
    });
    expect(answer.status).toBe(401);
  });

  it("takes the path from the request line, never from a Host that smuggles one in", async () => {
    const body = JSON.stringify({ version: "3.0.0" });
    const answer = await raw({
      method: "POST",
      path: "/api/v1/projects/api/releases",
      headers: {
        host: "localhost/api/v1/projects/other/releases?",
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "content-length": Buffer.byteLength(body),
      },
      body,
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ version: "3.0.0" });
  });
});

describe("request timeouts (item 16)", () => {
  it("drops a half-sent body after about 30 s instead of holding it for minutes", async () => {
    const started = performance.now();
    const answer = await raw({
      method: "POST",
      path: "/api/v1/projects/api/releases",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-length": 1000 },
      body: '{"version":',
      end: false,
    }).catch((error: Error) => ({ status: 0, headers: {}, body: error.message }));
    const seconds = (performance.now() - started) / 1000;
    expect(answer.status === 408 || answer.status === 0).toBe(true);
    expect(seconds).toBeGreaterThan(25);
    expect(seconds).toBeLessThan(60);
  }, 90_000);
});
