import { desc } from "drizzle-orm";
import { first, writeTransaction } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { lockEnvironment } from "../services/lock-environment";
import { moveRelease } from "../services/move-release";
import { exportActivityCsv } from "../http/activity-export";
import { activityFilterOptions, activityQuery, listActivity } from "./activity";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const rita = userActor("release_manager", "Rita", "user-rita");
const max = userActor("release_manager", "Max", "user-max");

async function seed() {
  const ctx = testContext(t.db, rita, new Date("2026-06-01T09:00:00Z"));
  for (const project of ["shop", "search"]) {
    await givenProject(ctx, project, [
      { slug: "dev", name: "Dev" },
      { slug: "prod", name: "Prod" },
    ]);
  }
  ctx.advance(60);
  await createRelease({ ctx, input: { project: "shop", version: "1.0" } });
  ctx.advance(60);
  await moveRelease({ ctx: { ...ctx, actor: max }, input: { project: "shop", version: "1.0", to: "prod" } });
  ctx.advance(60);
  await lockEnvironment({
    ctx,
    input: { project: "search", environment: "prod", reason: '=HYPERLINK("http://evil")' },
  });
  return ctx;
}

describe("the activity log", () => {
  it("filters by project, environment, actor, kind and time, newest first", async () => {
    await seed();
    const all = (await listActivity(t.db, {})).items;
    expect(all.map((e) => e.kind)).toEqual([
      "environment.locked",
      "release.moved",
      "release.created",
      "project.changed",
      "project.changed",
    ]);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));

    expect((await listActivity(t.db, { project: "shop" })).items.map((e) => e.kind)).toEqual([
      "release.moved",
      "release.created",
      "project.changed",
    ]);
    expect((await listActivity(t.db, { project: "search", environment: "prod" })).items.map((e) => e.summary)).toEqual([
      expect.stringContaining("locked Prod"),
    ]);
    expect((await listActivity(t.db, { actor: "user-max" })).items).toMatchObject([
      { kind: "release.moved", actorName: "Max", release: "1.0", environment: "Prod" },
    ]);
    expect((await listActivity(t.db, { kind: "release.created" })).items).toMatchObject([
      { project: { slug: "shop" }, release: "1.0" },
    ]);
    expect((await listActivity(t.db, { since: new Date("2026-06-01T10:30:00Z") })).items.map((e) => e.kind)).toEqual([
      "environment.locked",
      "release.moved",
    ]);
    expect((await listActivity(t.db, { until: new Date("2026-06-01T09:30:00Z") })).items.map((e) => e.kind)).toEqual([
      "project.changed",
      "project.changed",
    ]);
    expect((await listActivity(t.db, { project: "nope" })).items).toEqual([]);
    expect((await listActivity(t.db, { project: "shop", environment: "nope" })).items).toEqual([]);
  });

  it("pages by cursor without gaps or repeats", async () => {
    const ctx = await seed();
    for (let i = 0; i < 23; i++) await createRelease({ ctx, input: { project: "shop", version: `2.${i}` } });
    const seen: number[] = [];
    let cursor: number | null | undefined;
    do {
      const page = await listActivity(t.db, { project: "shop" }, { cursor, limit: 10 });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
  });

  // SQLite's EXPLAIN QUERY PLAN.
  it.skipIf(onPostgres)(
    "reads each filter through an index, so a deep page stays fast at 100,000 entries",
    async () => {
      await seed();
      const plan = async (filter: Parameters<typeof activityQuery>[1]) => {
        const { sql, params } = (await activityQuery(t.db, filter, 1_000_000, 51)).query.toSQL();
        const rows = t.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as unknown[])) as {
          detail: string;
        }[];
        return rows.map((r) => r.detail).join("\n");
      };
      for (const filter of [
        {},
        { project: "shop" },
        { kind: "release.moved" as const },
        { actor: "user-max" },
        { project: "shop", environment: "prod" },
      ]) {
        const detail = await plan(filter);
        expect(detail, JSON.stringify(filter)).toMatch(/audit_events USING (INTEGER PRIMARY KEY|INDEX)/);
        expect(detail, JSON.stringify(filter)).not.toMatch(
          /SCAN audit_events\b(?! USING)|USE TEMP B-TREE FOR ORDER BY/,
        );
      }
    },
  );

  it("offers every project, environment and actor as a filter", async () => {
    await seed();
    const options = await activityFilterOptions(t.db);
    expect(options.projects.map((p) => [p.slug, p.environments.map((e) => e.slug)])).toEqual([
      ["search", ["dev", "prod"]],
      ["shop", ["dev", "prod"]],
    ]);
    expect(options.actors).toEqual([
      { id: "user-max", name: "Max", type: "user" },
      { id: "user-rita", name: "Rita", type: "user" },
    ]);
  });
});

describe("the CSV export", () => {
  it("streams the filtered log with formulas defused", async () => {
    await seed();
    const response = exportActivityCsv(
      t.db,
      userActor("viewer"),
      new URL("http://x/api/activity/export?project=search&kind=environment.locked&actor="),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /attachment; filename="releaseboard-activity-search-\d{4}-\d\d-\d\d\.csv"/,
    );
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe("id,time,project,environment,release,kind,actor_type,actor,summary");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",search,Prod,,environment.locked,user,Rita,");
    expect(lines[1]).not.toMatch(/,"?=HYPERLINK/);
  });

  it("exports more rows than one batch", async () => {
    await seed();
    await writeTransaction(t.db, async (tx) => {
      // Ids given, as the log's own writer gives them (Postgres' identity does not know of ids given before).
      const top = (await first(
        tx.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1),
      ))!.id;
      for (let i = 0; i < 1200; i++) {
        await tx
          .insert(auditEvents)
          .values({
            id: top + 1 + i,
            projectId: null,
            kind: "release.created",
            summary: `entry ${i}`,
            actorType: "system",
            actorId: "system",
            actorName: "Releaseboard",
          });
      }
    });
    const text = await exportActivityCsv(t.db, userActor("viewer"), new URL("http://x/?kind=release.created")).text();
    expect(text.trim().split("\n")).toHaveLength(1 + 1201);
  });

  it("refuses without a session and on a bad filter, with a reason", async () => {
    expect(exportActivityCsv(t.db, null, new URL("http://x/")).status).toBe(401);
    const bad = exportActivityCsv(t.db, userActor("viewer"), new URL("http://x/?kind=nonsense&since=yesterday"));
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["kind", "since"]);
  });
});
