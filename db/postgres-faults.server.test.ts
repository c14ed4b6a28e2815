import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rawRows, type Db } from "./client";
import { closePostgresDatabase, openPostgresDatabase, writerLock } from "./client-postgres";
import { startPostgres, type TestPostgres } from "../server/testing/postgres";
import { exited, startServer } from "../server/testing/spawn-server";
import { freePort } from "../server/testing/free-port";
import { testContext, userActor } from "../server/testing/test-db";
import { givenProject } from "../server/testing/fixtures";
import { until } from "../server/testing/until";
import { httpReceiver } from "../server/testing/receivers";
import { createRelease } from "../server/services/create-release";
import { createProjectToken } from "../server/services/create-project-token";

/**
 * Issue 30 on Postgres (README: Faults): the database stops under load as a crash or a fail-over
 * would, and comes back. CI is answered 201 or 503 with Retry-After, never anything else; readiness
 * says 503 while it is gone and 200 again by itself once it is back, without restarting the
 * server; every result that was acknowledged is there; and an idempotency key refused with 503 is
 * unused, so CI's retry succeeds.
 */
let cluster: TestPostgres;
let db: Db;
let server: ChildProcess;
let port: number;
let token: string;
let adminChat: Awaited<ReturnType<typeof httpReceiver>>;

beforeAll(async () => {
  // Postgres' own durability (the throwaway clusters of other tests turn commits' flushing off,
  // and a stop like a crash would then lose what it acknowledged, as it would in production).
  cluster = await startPostgres({ durable: true });
  port = await freePort();
  adminChat = await httpReceiver();
  server = await startServer("unused.db", port, {
    DATABASE_URL: cluster.url,
    AUTH_SECRET: "a-shared-secret-of-at-least-32-characters!",
    ADMIN_CHAT_WEBHOOKS: adminChat.url,
    RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1",
  });
  db = openPostgresDatabase(cluster.url, { poolSize: 2 });
  const ctx = testContext(db, userActor("admin"), new Date());
  await givenProject(ctx, "faults", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
  ]);
  await createRelease({ ctx, input: { project: "faults", version: "1.0.0" } });
  token = (await createProjectToken({ ctx, input: { project: "faults", name: "ci" } })).token;
}, 120_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  if (server) await exited(server);
  await adminChat?.close();
  await closePostgresDatabase(cluster.url);
  await cluster.stop();
});

const post = (key: string, to = port) =>
  fetch(`http://localhost:${to}/api/v1/projects/faults/releases/1.0.0/results`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key },
    body: JSON.stringify({ environment: "dev", check: key, status: "passed" }),
  });
const ready = async () => (await fetch(`http://localhost:${port}/api/ready`)).status;

it("answers 201 or 503 with Retry-After while Postgres stops and starts, recovers by itself, and keeps every acknowledged result", async () => {
  const acknowledged: string[] = [];
  const refused: string[] = [];
  const unexpected: string[] = [];
  let stop = false;
  let n = 0;
  // Two CI jobs posting back to back the whole time.
  const load = async () => {
    while (!stop) {
      const key = `check-${n++}`;
      try {
        const response = await post(key);
        await response.text();
        if (response.status === 201) acknowledged.push(key);
        else if (response.status === 503 && Number(response.headers.get("retry-after")) > 0) refused.push(key);
        else unexpected.push(`${key}: ${response.status}`);
      } catch (error) {
        unexpected.push(`${key}: ${String(error)}`);
      }
    }
  };
  const jobs = [load(), load()];
  await until(() => acknowledged.length >= 20, 30_000);

  await cluster.halt();
  await until(async () => (await ready()) === 503, 30_000);
  await until(() => refused.length >= 5, 30_000);

  await cluster.resume();
  await until(async () => (await ready()) === 200, 60_000);
  const before = acknowledged.length;
  await until(() => acknowledged.length >= before + 20, 60_000);
  stop = true;
  await Promise.all(jobs);

  expect(unexpected).toEqual([]);
  // What CI was told was written is there. (A request refused at the very moment the database
  // died may still have committed: Postgres cannot say, so CI's retry under the same key answers 201.)
  const stored = new Set(
    (await rawRows<{ check_name: string }>(db, sql`select check_name from check_results`)).map((r) => r.check_name),
  );
  expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
  // A refused request's key did not stand in the way: CI's retry of it is answered 201.
  for (const key of refused.slice(0, 3)) expect((await post(key)).status).toBe(201);
  // Operators were told: the notice that could not be written while Postgres was gone goes out once it is back.
  await until(() => adminChat.received.some((m) => /database is unavailable/.test(m.body)), 60_000);
}, 240_000);

it("answers 503 busy with Retry-After while every pooled connection is taken, without calling it a fault, and serves again once one is free", async () => {
  const busyPort = await freePort();
  const logged: string[] = [];
  const busy = await startServer(
    "unused.db",
    busyPort,
    {
      DATABASE_URL: cluster.url,
      AUTH_SECRET: "a-shared-secret-of-at-least-32-characters!",
      DATABASE_POOL_SIZE: "2",
      DATABASE_POOL_WAIT_S: "1",
    },
    (text) => logged.push(text),
  );
  // Another session holds the writer lock, so the instance's write that takes a connection keeps it.
  const holder = new pg.Client({ connectionString: cluster.url });
  await holder.connect();
  try {
    await holder.query("select pg_advisory_lock($1::bigint)", [writerLock]);
    const answers = Array.from({ length: 6 }, (_, i) =>
      post(`busy-${i}`, busyPort).then(async (response) => ({
        key: `busy-${i}`,
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: await response.text(),
      })),
    );
    const settled: { key: string; status: number; retryAfter: string | null; body: string }[] = [];
    for (const answer of answers) void answer.then((a) => settled.push(a));
    await until(() => settled.length >= 3, 30_000);
    const refused = settled.filter((a) => a.status === 503);
    expect(refused.length).toBe(settled.length);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe("2");
      expect(JSON.parse(answer.body).detail).toMatch(/database is busy/);
    }
    // A load balancer takes the saturated instance out meanwhile.
    const readiness = await fetch(`http://localhost:${busyPort}/api/ready`);
    expect(readiness.status).toBe(503);
    expect(await readiness.text()).toMatch(/busy/);

    await holder.query("select pg_advisory_unlock($1::bigint)", [writerLock]);
    const all = await Promise.all(answers);
    // Refused, or (whichever request held the one connection, waiting for the lock) written once it came free.
    expect(all.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
    await until(async () => (await fetch(`http://localhost:${busyPort}/api/ready`)).status === 200, 30_000);
    // A refused key is unused: the retry is written.
    for (const answer of all.filter((a) => a.status === 503).slice(0, 3))
      expect((await post(answer.key, busyPort)).status).toBe(201);
    // Load is not a fault: no fault line, and no notice to admins about it.
    expect(logged.join("")).not.toMatch(/storage\.fault/);
    expect(adminChat.received.some((m) => /busy/.test(m.body))).toBe(false);
  } finally {
    await holder.end();
    busy.kill("SIGTERM");
    await exited(busy);
  }
}, 120_000);
