import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { testContext, userActor } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { exited, startServer } from "../testing/spawn-server";
import { until } from "../testing/until";
import { addUser } from "../services/add-user";
import { createProjectToken } from "../services/create-project-token";

/**
 * README: Faults, on the real server (the production build behind server/main.ts, so
 * `npm run build` first): a database whose storage fills up under load, and a SIGTERM under
 * load. Bounded load on loopback only.
 */
const started: ChildProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited(child);
  }
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request on `agent`; rejects with the socket error's code when there is no whole response. */
function request(
  port: number,
  agent: http.Agent,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: target, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", (error: NodeJS.ErrnoException) => reject(Object.assign(error, { code: error.code ?? "ERES" })));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A migrated database at `file` with a project "api", a CI token and an admin who takes e-mail. */
async function givenDatabase(file: string) {
  const db = openDatabase(file);
  await migrateDatabase(db);
  const ctx = testContext(db, userActor("admin"), new Date());
  await givenProject(ctx, "api", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
  ]);
  const token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  await addUser({ ctx, input: { email: "ops@example.com", name: "Ops", role: "admin", password: "correct horse" } });
  db.$client.close();
  return token;
}

/** A fresh folder on a small file system of its own when this machine lets us mount one (we are root in CI), else null. */
function smallFileSystem(megabytes: number): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-tmpfs-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir]).status === 0;
  if (!mounted) {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  cleanups.push(() => {
    spawnSync("umount", ["-l", dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-faults-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const integrity = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("integrity_check", { simple: true });
  } finally {
    db.close();
  }
};

describe("a database whose storage fills up under load", () => {
  const port = 3400 + Math.floor(Math.random() * 4);
  const title =
    "answers only 201 or 503 with Retry-After, says not ready, tells admins, and resumes by itself once space is freed";

  // A 24 MiB file system filled to the brim by another file (where this machine lets us
  // mount one), and a database capped by DATABASE_MAX_SIZE_MB, freed by pruning the delivery log.
  it(`on a small file system: ${title}`, () => fillsUp(port, smallFileSystem(24)), 240_000);
  it(`capped by DATABASE_MAX_SIZE_MB: ${title}`, () => fillsUp(port + 10, null), 240_000);
});

async function fillsUp(port: number, mount: string | null) {
  const dir = mount ?? tempDir();
  const file = path.join(dir, "releaseboard.db");
  const token = await givenDatabase(file);
  let output = "";
  let errors = "";
  const server = await startServer(
    file,
    port,
    {
      SMTP_URL: "smtp://127.0.0.1:3419",
      MAIL_FROM: "Releaseboard <rb@example.com>",
      STORAGE_WARN_MB: "2",
      ...(mount ? {} : { DATABASE_MAX_SIZE_MB: "6" }),
    },
    (text) => (output += text),
  );
  started.push(server);
  server.stderr!.setEncoding("utf8").on("data", (text: string) => (errors += text));

  const filler = path.join(dir, "filler");
  if (mount) {
    const { bavail, bsize } = fs.statfsSync(dir);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 3 * 1024 * 1024)));
  }

  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const notes = "n".repeat(16_000);
  const acknowledged = new Set<string>();
  const refused: { version: string; answer: Answer }[] = [];
  const other: string[] = [];
  let sent = 0;
  const worker = async (w: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let n = 0; refused.length < 30 && sent < 2_000; n++) {
      sent++;
      const version = `w${w}.${n}`;
      const answer = await request(
        port,
        agent,
        "POST",
        "/api/v1/projects/api/releases",
        { ...headers, "idempotency-key": version },
        JSON.stringify({ version, notes }),
      );
      if (answer.status === 201) acknowledged.add(version);
      else if (answer.status === 503) refused.push({ version, answer });
      else other.push(`${answer.status} ${answer.body}`);
    }
    agent.destroy();
  };
  await Promise.all([0, 1, 2, 3].map(worker));

  expect(other).toEqual([]);
  expect(refused.length).toBeGreaterThan(0);
  expect(acknowledged.size).toBeGreaterThan(0);
  for (const { answer } of refused) {
    expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 503,
      detail: expect.stringMatching(/storage is full|database is unavailable/),
    });
  }
  const ready = await fetch(`http://127.0.0.1:${port}/api/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: "not ready" });
  expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  expect(errors).not.toMatch(/Something went wrong|\[api\]/);

  // Space is freed: the server notices by itself, without a restart or a client's write.
  if (mount) fs.rmSync(filler);
  else {
    const pruner = new Database(file);
    pruner.pragma("busy_timeout = 5000");
    pruner.exec("delete from deliveries");
    pruner.close();
  }
  const deadline = Date.now() + 30_000;
  while ((await fetch(`http://127.0.0.1:${port}/api/ready`)).status !== 200) {
    expect(Date.now()).toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // A refused request's idempotency key was never used: CI's retry is a first write, not a replay.
  const agent = new http.Agent({ keepAlive: true });
  for (const { version } of refused.slice(0, 5)) {
    const retried = await request(
      port,
      agent,
      "POST",
      "/api/v1/projects/api/releases",
      { ...headers, "idempotency-key": version },
      JSON.stringify({ version, notes }),
    );
    expect(retried.status).toBe(201);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    acknowledged.add(version);
  }
  agent.destroy();

  // Operators: a line per transition, not per request; the notice to admins is in the outbox.
  const events = output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { event: string; fault?: string });
  const faults = events.filter((e) => e.event === "storage.fault");
  expect(faults.length).toBeGreaterThan(0);
  expect(faults.length).toBeLessThan(refused.length);
  const lastFault = events.findLastIndex((e) => e.event === "storage.fault");
  expect(events.slice(lastFault).map((e) => e.event)).toContain("storage.recovered");
  expect(events.some((e) => e.event === "storage.low")).toBe(true);

  server.kill("SIGTERM");
  expect(await exited(server)).toBe(0);
  expect(integrity(file)).toBe("ok");
  const db = new Database(file, { readonly: true });
  try {
    const versions = new Set(
      (db.prepare("select version from releases").all() as { version: string }[]).map((r) => r.version),
    );
    expect([...acknowledged].filter((v) => !versions.has(v))).toEqual([]);
    const notices = db.prepare("select target, payload from outbox where kind = 'notification.email'").all() as {
      target: string;
      payload: string;
    }[];
    expect(notices.map((n) => [JSON.parse(n.target).email.to, JSON.parse(n.payload).subject])).toContainEqual([
      "ops@example.com",
      expect.stringMatching(/writes (are|were) refused/),
    ]);
  } finally {
    db.close();
  }
}

describe("SIGTERM under load", () => {
  const port = 3405 + Math.floor(Math.random() * 4);

  it("answers every request in flight or refuses it at connect, ends live feeds, and exits 0", async () => {
    const dir = tempDir();
    const file = path.join(dir, "releaseboard.db");
    const token = await givenDatabase(file);
    const server = await startServer(file, port, { SHUTDOWN_TIMEOUT_S: "20" });
    started.push(server);
    server.stderr!.resume();
    const origin = `http://127.0.0.1:${port}`;

    // A live feed open, as a board page has it.
    const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: `http://localhost:${port}` },
      body: JSON.stringify({ email: "ops@example.com", password: "correct horse" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ project: "api" })));
    let feed = "";
    const feedEnded = new Promise<string>((resolve, reject) => {
      http
        .get(
          {
            host: "127.0.0.1",
            port,
            path: `/api/trpc/board.events?input=${input}`,
            headers: { cookie, accept: "text/event-stream" },
          },
          (res) => {
            res.setEncoding("utf8").on("data", (text: string) => (feed += text));
            res.on("end", () => resolve("ended"));
            res.on("error", reject);
          },
        )
        .on("error", reject);
    });
    await until(() => feed.includes("connected"), 15_000);

    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const acknowledged = new Set<string>();
    const failures: string[] = [];
    let refusedAtConnect = 0;
    let signalled = false;
    const worker = async (w: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; n < 5_000; n++) {
        const version = `s${w}.${n}`;
        try {
          const answer = await request(
            port,
            agent,
            "POST",
            "/api/v1/projects/api/releases",
            { ...headers, "idempotency-key": version },
            JSON.stringify({ version, notes: "x".repeat(2_000) }),
          );
          if (answer.status === 201) acknowledged.add(version);
          else failures.push(`${version}: ${answer.status} ${answer.body}`);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "ECONNREFUSED" && signalled) refusedAtConnect++;
          else failures.push(`${version}: ${code ?? String(error)}`);
          break;
        }
      }
      agent.destroy();
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    await until(() => acknowledged.size >= 60, 60_000);
    signalled = true;
    server.kill("SIGTERM");
    const code = await exited(server);
    await load;

    expect(failures).toEqual([]);
    expect(refusedAtConnect).toBe(6);
    expect(code).toBe(0);
    // The feed ended as a dropped connection does (no tRPC "return"), so the browser reconnects.
    expect(await feedEnded).toBe("ended");
    expect(feed).not.toMatch(/event: return/);
    expect(integrity(file)).toBe("ok");
    const db = new Database(file, { readonly: true });
    try {
      const versions = new Set(
        (db.prepare("select version from releases").all() as { version: string }[]).map((r) => r.version),
      );
      expect([...acknowledged].filter((v) => !versions.has(v))).toEqual([]);
    } finally {
      db.close();
    }
  }, 180_000);
});
