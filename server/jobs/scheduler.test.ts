import { writeTransaction as writeTx } from "../../db/client";
import { first } from "../../db/client";
import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { releases, environments, users } from "../../db/schema";
import { until } from "../testing/until";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { runScheduledPromotions } from "../services/run-scheduled-promotions";
import { schedulePromotion } from "../services/schedule-promotion";
import { startScheduler } from "./scheduler";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const admin = userActor("admin");

const whereIs = async (db: TestDb["db"], version: string) =>
  (
    await first(
      db
        .select({ slug: environments.slug })
        .from(releases)
        .innerJoin(environments, eq(environments.id, releases.environmentId))
        .where(eq(releases.version, version)),
    )
  )?.slug;

// Closes and reopens the SQLite file, as a restarted process would.
it.skipIf(onPostgres)("picks up a soak period that ended while the server was down", async () => {
  const ctx = testContext(t.db, admin, new Date("2026-06-01T09:00:00Z"));
  await givenProject(ctx, { slug: "soak", name: "Soak" }, [
    { slug: "canary", name: "Canary" },
    { slug: "production", name: "Production", autoPromote: true, minSoakMinutes: 30 },
  ]);
  await createRelease({ ctx, input: { project: "soak", version: "1.0" } });
  expect(await whereIs(t.db, "1.0")).toBe("canary");
  t.db.$client.close();

  // A new process: nothing in memory, only the file.
  const reopened = openDatabase(t.file);
  try {
    const early = await runScheduledPromotions({
      ctx: { db: reopened, actor: admin, now: () => new Date("2026-06-01T09:20:00Z") },
    });
    expect(early.promoted).toEqual([]);
    expect(early.nextWakeAt?.toISOString()).toBe("2026-06-01T09:30:00.000Z");
    const later = await runScheduledPromotions({
      ctx: { db: reopened, actor: admin, now: () => new Date("2026-06-01T11:00:00Z") },
    });
    expect(later.promoted.map((p) => `${p.version}→${p.to}`)).toEqual(["1.0→production"]);
    expect(await whereIs(reopened, "1.0")).toBe("production");
  } finally {
    reopened.$client.close();
    t.db = openDatabase(t.file); // so afterEach can close it
  }
});

it("wakes up when a freeze ends, without waiting for its regular poll", async () => {
  const ctx = testContext(t.db, admin, new Date());
  const freezeEnds = new Date(Date.now() + 1500);
  await givenProject(ctx, { slug: "freeze", name: "Freeze" }, [
    { slug: "staging", name: "Staging" },
    {
      slug: "production",
      name: "Production",
      autoPromote: true,
      freezeWindows: [{ from: new Date(Date.now() - 60_000).toISOString(), to: freezeEnds.toISOString() }],
    },
  ]);
  await createRelease({ ctx: { db: t.db, actor: admin }, input: { project: "freeze", version: "2.0" } });
  expect(await whereIs(t.db, "2.0")).toBe("staging");
  const lines: string[] = [];
  const scheduler = await startScheduler(t.db, (line) => lines.push(line));
  try {
    const deadline = Date.now() + 5000;
    while ((await whereIs(t.db, "2.0")) !== "production" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await whereIs(t.db, "2.0")).toBe("production");
    expect(Date.now()).toBeGreaterThanOrEqual(freezeEnds.getTime());
    expect(lines).toEqual(["auto-promoted 2.0 from staging to production"]);
  } finally {
    scheduler.stop();
  }
});

it("runs a promotion scheduled after it went to sleep, at its time rather than at the next regular poll", async () => {
  const manager = userActor("release_manager", "Rita", "user-rita");
  await writeTx(t.db, async (tx) => {
    await tx
      .insert(users)
      .values({ id: "user-rita", name: "Rita", email: "rita@example.com", role: "release_manager" });
  });
  await givenProject({ db: t.db, actor: admin }, { slug: "timed", name: "Timed" }, [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  await createRelease({ ctx: { db: t.db, actor: admin }, input: { project: "timed", version: "3.0" } });
  const lines: string[] = [];
  const scheduler = await startScheduler(t.db, (line) => lines.push(line));
  try {
    // The scheduler has nothing due and sleeps for its full poll interval (30 s) now.
    await new Promise((r) => setTimeout(r, 200));
    const at = new Date(Date.now() + 1000);
    await schedulePromotion({
      ctx: { db: t.db, actor: manager },
      input: { project: "timed", version: "3.0", to: "production", at: at.toISOString() },
    });
    const deadline = Date.now() + 10_000;
    while ((await whereIs(t.db, "3.0")) !== "production" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await whereIs(t.db, "3.0")).toBe("production");
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    // The scheduler logs once its whole pass is over, which may be a moment after the move is visible.
    await until(() => lines.length > 0, 5_000);
    expect(lines).toEqual(["scheduled promotion of 3.0 to production: done"]);
  } finally {
    scheduler.stop();
  }
});
