import type { ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, expect, it } from "vitest";
import journal from "../db/migrations-pg/meta/_journal.json";
import { first, rawRows, type Db } from "../db/client";
import { closePostgresDatabase, openPostgresDatabase } from "../db/client-postgres";
import { startPostgres, type TestPostgres } from "./testing/postgres";
import { exited, startServer } from "./testing/spawn-server";
import { freePort } from "./testing/free-port";
import { testContext, userActor } from "./testing/test-db";
import { givenProject } from "./testing/fixtures";
import { openViewer, signInCookie } from "./testing/live-viewer";
import { until } from "./testing/until";
import { httpReceiver } from "./testing/receivers";
import { createRelease } from "./services/create-release";
import { createProjectToken } from "./services/create-project-token";
import { addUser } from "./services/add-user";
import { chromiumLaunchOptions } from "../e2e/chromium";

/**
 * Two instances of the production server on one Postgres (issue 23, README: Running several
 * instances), as behind a load balancer without sticky sessions: they migrate once between
 * them, a session made on one works on the other, a result posted to one reaches a board open
 * on the other, and the same move sent through both at once is made once.
 */
let cluster: TestPostgres;
let db: Db;
const servers: ChildProcess[] = [];
const ports: number[] = [];
const password = "correct horse battery staple";
let reportToken: string;
let promoteToken: string;
let deployer: Awaited<ReturnType<typeof httpReceiver>>;

beforeAll(async () => {
  cluster = await startPostgres();
  deployer = await httpReceiver();
  const env = {
    DATABASE_URL: cluster.url,
    AUTH_SECRET: "a-shared-secret-of-at-least-32-characters!",
    RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1",
  };
  ports.push(await freePort(), await freePort());
  // Both start at once, so both try to migrate the empty database at the same moment.
  servers.push(...(await Promise.all(ports.map((port) => startServer("unused.db", port, env)))));
  db = openPostgresDatabase(cluster.url, { poolSize: 4 });
  const ctx = testContext(db, userActor("admin"), new Date());
  await givenProject(ctx, "multi", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", deploy: { webhook: { url: deployer.url } } },
    { slug: "production", name: "Production" },
  ]);
  for (let i = 0; i < 10; i++) await createRelease({ ctx, input: { project: "multi", version: `1.${i}.0` } });
  reportToken = (await createProjectToken({ ctx, input: { project: "multi", name: "ci" } })).token;
  promoteToken = (await createProjectToken({ ctx, input: { project: "multi", name: "cd", scope: "promote" } })).token;
  await addUser({ ctx, input: { email: "viewer@example.com", name: "Viewer", role: "viewer", password } });
}, 180_000);

afterAll(async () => {
  // The one killed by the last test has exited already.
  const running = servers.filter((server) => server.exitCode === null && server.signalCode === null);
  for (const server of running) server.kill("SIGTERM");
  await Promise.all(running.map((server) => exited(server)));
  await deployer.close();
  await closePostgresDatabase(cluster.url);
  await cluster.stop();
});

const api = (port: number, path: string, token: string, body: unknown) =>
  fetch(`http://localhost:${port}/api/v1/projects/multi${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

it("migrates once however many instances start together", async () => {
  const applied = await first(
    rawRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  expect(applied?.n).toBe(journal.entries.length);
});

it("takes a session made on one instance on the other, and a result posted to one reaches a board open on the other", async () => {
  const [a, b] = ports as [number, number];
  const cookie = await signInCookie(a, "viewer@example.com", password);
  const viewer = await openViewer(b, cookie, "multi");
  try {
    expect(viewer.errors).toEqual([]);
    const before = viewer.updates;
    const posted = await api(a, "/releases/1.0.0/results", reportToken, {
      environment: "dev",
      check: "unit",
      status: "passed",
    });
    expect(posted.status).toBe(201);
    await until(() => viewer.updates > before || viewer.errors.length > 0, 20_000);
    expect(viewer.errors).toEqual([]);
    // Its refetch of the board, from the other instance than the one written to, has the result.
    await until(() => viewer.boardAsOf >= viewer.lastId || viewer.errors.length > 0, 20_000);
    expect(viewer.errors).toEqual([]);
  } finally {
    viewer.close();
  }
}, 60_000);

it("makes a move sent through both instances at once exactly once: the other gets 409", async () => {
  const [a, b] = ports as [number, number];
  for (let i = 1; i < 10; i++) {
    const move = { to: "qa", from: "dev" };
    const answers = await Promise.all([
      api(a, `/releases/1.${i}.0/promote`, promoteToken, move),
      api(b, `/releases/1.${i}.0/promote`, promoteToken, move),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  }
  const moves = await first(
    rawRows<{ n: number }>(db, sql`select count(*)::int as n from transitions where kind <> 'create'`),
  );
  expect(moves?.n).toBe(9);
});

it("sends each deploy request once although both instances' dispatchers work the one outbox", async () => {
  // The nine moves into QA above each queued one deploy request.
  await until(() => deployer.received.length >= 9, 60_000);
  // Both dispatchers wake at least once more before the count is taken.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const ids = deployer.received.map((r) => r.headers["webhook-id"]);
  expect(ids).toHaveLength(9);
  expect(new Set(ids).size).toBe(9);
}, 90_000);

it("shows a move made through one instance to a browser on the other, without a reload", async () => {
  const [a, b] = ports as [number, number];
  // Newer than every release in QA, so the move is a plain promotion.
  expect((await api(b, "/releases", reportToken, { version: "1.11.0" })).status).toBe(201);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ baseURL: `http://localhost:${a}` });
    await page.goto("/login");
    await page.getByLabel("Email").fill("viewer@example.com");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto("/projects/multi");
    const column = (name: string) => page.getByRole("region", { name, exact: true });
    await column("Development").getByRole("article", { name: "1.11.0" }).waitFor();

    const moved = await api(b, "/releases/1.11.0/promote", promoteToken, { to: "qa", from: "dev" });
    expect(moved.status).toBe(200);
    await column("QA").getByRole("article", { name: "1.11.0" }).waitFor({ timeout: 20_000 });
    expect(await column("Development").getByRole("article", { name: "1.11.0" }).count()).toBe(0);
  } finally {
    await browser.close();
  }
}, 90_000);

it("makes one of twenty promotions of a release, split between the instances, and answers the others 409", async () => {
  const [a, b] = ports as [number, number];
  expect((await api(a, "/releases", reportToken, { version: "1.12.0" })).status).toBe(201);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api(i % 2 ? b : a, "/releases/1.12.0/promote", promoteToken, { to: "qa", from: "dev" }),
    ),
  );
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  expect(statuses.filter((status) => status === 409)).toHaveLength(19);
  const moves = await first(
    rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from transitions t join releases r on r.id = t.release_id
          where r.version = '1.12.0' and t.kind <> 'create'`,
    ),
  );
  expect(moves?.n).toBe(1);
}, 60_000);

it("runs a scheduled promotion once although both instances' schedulers wake for it", async () => {
  const [a] = ports as [number, number];
  // A release newer than any in QA, so no gate stands in its way when the time comes.
  expect((await api(a, "/releases", reportToken, { version: "2.0.0" })).status).toBe(201);
  const at = new Date(Date.now() + 3_000).toISOString();
  const scheduled = await api(a, "/releases/2.0.0/promote", promoteToken, { to: "qa", at });
  expect(scheduled.status).toBe(202);
  const movesOf200 = async () =>
    (
      await first(
        rawRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from transitions t join releases r on r.id = t.release_id
              where r.version = '2.0.0' and t.kind <> 'create'`,
        ),
      )
    )?.n ?? 0;
  await until(async () => (await movesOf200()) > 0, 60_000);
  // Both schedulers have woken at least once more since it was due.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await movesOf200()).toBe(1);
  const schedules = await rawRows<{ state: string }>(db, sql`select state from scheduled_promotions`);
  expect(schedules.map((row) => row.state)).toEqual(["done"]);
}, 90_000);

it("keeps every acknowledged write when one instance is killed under load, while the other keeps serving", async () => {
  const [a, b] = ports as [number, number];
  const acknowledged: string[] = [];
  const servedByB: string[] = [];
  let stop = false;
  let n = 0;
  const load = async (port: number) => {
    while (!stop) {
      const check = `load-${port}-${n++}`;
      try {
        const response = await api(port, "/releases/1.9.0/results", reportToken, {
          environment: "qa",
          check,
          status: "passed",
        });
        await response.text();
        if (response.status === 201) {
          acknowledged.push(check);
          if (port === b) servedByB.push(check);
        }
      } catch {
        // The killed instance: its connection is gone, nothing was acknowledged.
        if (port === a) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const jobs = [load(a), load(b)];
  await until(() => acknowledged.length >= 40, 60_000);
  servers[0]!.kill("SIGKILL");
  await exited(servers[0]!);
  const before = servedByB.length;
  await until(() => servedByB.length >= before + 20, 60_000);
  stop = true;
  await Promise.all(jobs);
  const stored = new Set(
    (await rawRows<{ check_name: string }>(db, sql`select check_name from check_results`)).map((r) => r.check_name),
  );
  expect(acknowledged.filter((check) => !stored.has(check))).toEqual([]);
}, 120_000);
