import { first, rawRows } from "../../db/client";
import type { ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { exited, startServer } from "../testing/spawn-server";
import { givenProject } from "../testing/fixtures";
import { addUser } from "../services/add-user";
import { createRelease } from "../services/create-release";
import { createProjectToken } from "../services/create-project-token";
import { fetchBoard, openViewer, serverMetrics, signInCookie, type Viewer } from "../testing/live-viewer";
import { streamsPerPerson } from "./feed";

/**
 * A release day in small (README: Live updates; the bench is bench/release-day.ts): 50
 * people watch one board over real server-sent events, each patching the board it holds with
 * the change every update carries, as the page does, while CI posts a burst of results. The
 * board is computed at most once per change, however many watch; nobody fetches it again; and
 * every viewer ends on the final board, the same as a fresh fetch of it.
 * Needs the build (`npm run test:server`).
 */
const port = 3440 + Math.floor(Math.random() * 10);
const password = "correct horse battery";
let t: TestDb;
let server: ChildProcess;
let token: string;
const viewers: Viewer[] = [];

beforeAll(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "day", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit", "e2e"] },
  ]);
  for (let i = 0; i < 5; i++) await createRelease({ ctx, input: { project: "day", version: `1.${i}.0` } });
  token = (await createProjectToken({ ctx, input: { project: "day", name: "ci" } })).token;
  await addUser({ ctx, input: { email: "root@example.com", name: "Root", role: "admin", password } });
  for (let i = 0; i < 3; i++)
    await addUser({ ctx, input: { email: `v${i}@example.com`, name: `Viewer ${i}`, role: "viewer", password } });
  server = await startServer(t.file, port);
}, 90_000);

afterAll(async () => {
  for (const viewer of viewers) viewer.close();
  server?.kill("SIGTERM");
  if (server) await exited(server);
  await t?.close();
});

const lastProjectEvent = async () =>
  (await first(await rawRows<{ id: number }>(t.db, sql`select max(id) as id from audit_events where project_id = 1`)))!
    .id;

it("computes the board at most once per change for fifty viewers of a burst of results, and every viewer patches its board to the final one without fetching it", async () => {
  const cookies = await Promise.all([0, 1, 2].map((i) => signInCookie(port, `v${i}@example.com`, password)));
  const admin = await signInCookie(port, "root@example.com", password);
  for (let i = 0; i < 50; i++) viewers.push(await openViewer(port, cookies[i % 3]!, "day"));
  expect(viewers.flatMap((v) => v.errors)).toEqual([]);
  const before = await serverMetrics(port, admin);
  const firstEvent = await lastProjectEvent();

  // A matrix of results at once, then a few one by one.
  const post = (version: string, check: string, status: string) =>
    fetch(`http://localhost:${port}/api/v1/projects/day/releases/${version}/results`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ environment: "dev", check, status }),
    }).then((r) => r.status);
  const burst = await Promise.all(
    Array.from({ length: 30 }, (_, i) => post(`1.${i % 5}.0`, `leg-${i}`, i % 3 ? "passed" : "failed")),
  );
  for (let i = 0; i < 5; i++) burst.push(await post("1.0.0", "unit", i % 2 ? "passed" : "failed"));
  expect(burst.every((status) => status === 201)).toBe(true);

  const last = await lastProjectEvent();
  await expect.poll(() => viewers.filter((v) => v.boardAsOf === last).length, { timeout: 30_000 }).toBe(50);
  const after = await serverMetrics(port, admin);
  const changes = last - firstEvent;
  const computations = after.releaseboard_board_computations_total! - before.releaseboard_board_computations_total!;
  expect(changes).toBeGreaterThanOrEqual(35);
  // The boards were computed once per burst at most, whoever watched: never more than the changes.
  expect(computations).toBeGreaterThanOrEqual(1);
  expect(computations).toBeLessThanOrEqual(changes);
  // Every viewer got there by patches alone: its one fetch is the page's first load.
  expect(viewers.every((v) => v.lastId === last && v.errors.length === 0)).toBe(true);
  expect(viewers.map((v) => v.fetches)).toEqual(viewers.map(() => 1));
  expect(viewers.every((v) => v.patches >= 1)).toBe(true);
  // The patched board is the board: the same cards as a fresh fetch, with the last result on 1.0.0's.
  const fresh = await fetchBoard(port, cookies[0]!, "day");
  expect(fresh.asOfEvent).toBe(last);
  const cardsOf = (board: typeof fresh) => JSON.stringify(board.columns);
  for (const viewer of viewers) expect(cardsOf(viewer.board!)).toBe(cardsOf(fresh));
  const card = viewers[49]!.board!.columns[0]!.cards.find((c) => c.version === "1.0.0")!;
  expect(card.next?.items.find((item) => item.subject === "unit")?.status).toBe("failed");
  expect(after.releaseboard_live_streams).toBe(50);

  // A viewer that comes back after missing all of it (its Last-Event-ID older than its board) gets
  // what it missed without a board, and fetches the board once.
  const back = await openViewer(port, cookies[1]!, "day", { refetch: false, lastEventId: firstEvent });
  viewers.push(back);
  await expect.poll(() => back.lastId, { timeout: 10_000 }).toBe(last);
  expect(back.updates).toBe(1);
}, 120_000);

it("refuses a person's stream beyond the limit with a clear error, and the others keep theirs", async () => {
  const cookie = await signInCookie(port, "v0@example.com", password);
  // v0 holds 17 of the 50 already; fill up to the limit, then one more.
  const more: Viewer[] = [];
  for (let i = 17; i < streamsPerPerson; i++) more.push(await openViewer(port, cookie, "day", { refetch: false }));
  viewers.push(...more);
  expect(more.flatMap((v) => v.errors)).toEqual([]);
  const refused = await openViewer(port, cookie, "day", { refetch: false });
  viewers.push(refused);
  // The stream opens ("connected", as every SSE response of tRPC does) and says why it ends at once.
  await expect.poll(() => refused.errors.length).toBe(1);
  expect(refused.errors.join(" ")).toMatch(/at most 20 per person/);
  expect(refused.errors.join(" ")).toMatch(/"code":"TOO_MANY_REQUESTS"/);
  // Someone else still gets one.
  const other = await openViewer(port, await signInCookie(port, "v1@example.com", password), "day");
  viewers.push(other);
  expect(other.errors).toEqual([]);
}, 60_000);
