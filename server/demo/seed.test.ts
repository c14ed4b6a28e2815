import { first } from "../../db/client";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import {
  auditEvents,
  checkResults,
  environmentLocks,
  environments,
  freezeWindows,
  projects,
  releases,
  signoffs,
  testCaseFailures,
  transitions,
} from "../../db/schema";
import { createTestDb, type TestDb } from "../testing/test-db";
import { seedDemo } from "./seed";
import { aimDemoDeployer } from "./deployer";
import { desc } from "drizzle-orm";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const counts = async () => {
  const n = async (table: SQLiteTable) => (await first(t.db.select({ n: count() }).from(table)))!.n;
  return {
    projects: await n(projects),
    releases: await n(releases),
    transitions: await n(transitions),
    results: await n(checkResults),
    failures: await n(testCaseFailures),
    signoffs: await n(signoffs),
    locks: await n(environmentLocks),
    freezes: await n(freezeWindows),
    audit: await n(auditEvents),
  };
};

it("seeds a believable demo once, and a second run changes nothing", async () => {
  const end = new Date("2026-06-10T12:00:00Z");
  expect((await seedDemo(t.db, end)).seeded).toBe(true);
  const first = await counts();
  expect(first.projects).toBe(3);
  expect(first.releases).toBeGreaterThanOrEqual(35);
  expect(first.releases).toBeLessThanOrEqual(45);
  expect(first.failures).toBeGreaterThan(0);
  expect(first.locks).toBe(1);
  expect(first.freezes).toBe(1);
  expect(first.signoffs).toBeGreaterThan(10);
  // Releases are spread over every stage, and Production has one live release per project.
  const active = await t.db.select().from(releases).where(eq(releases.state, "active"));
  expect(new Set(active.map((r) => r.environmentId)).size).toBeGreaterThanOrEqual(10);

  expect((await seedDemo(t.db, end)).seeded).toBe(false);
  expect(await counts()).toEqual(first);
});

it("is deterministic", async () => {
  const end = new Date("2026-06-10T12:00:00Z");
  await seedDemo(t.db, end);
  const snapshot = await t.db
    .select({ v: releases.version, s: releases.state, e: releases.environmentId })
    .from(releases);
  const other = await createTestDb();
  try {
    await seedDemo(other.db, end);
    expect(
      await other.db.select({ v: releases.version, s: releases.state, e: releases.environmentId }).from(releases),
    ).toEqual(snapshot);
  } finally {
    await other.close();
  }
});

it("ends on what people did: starting the demo on another port writes no pipeline change by anyone", async () => {
  await seedDemo(t.db, new Date("2026-06-10T12:00:00Z"));
  const newest = async () => (await first(t.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1)))!;
  const before = await newest();
  expect(before).toMatchObject({ actorName: "Rita Patel", kind: "environment.locked" });

  await aimDemoDeployer(t.db, 3210);
  expect(await newest()).toEqual(before);
  const targets = (await t.db.select({ target: environments.deployTarget }).from(environments)).flatMap(({ target }) =>
    target && "webhook" in target ? [target.webhook.url] : [],
  );
  expect(targets.length).toBeGreaterThan(0);
  for (const url of targets) expect(url).toBe("http://localhost:3210/demo/deployer");
});

it("reads in order within each project, and the newest entries are what people and their CI did", async () => {
  const now = new Date("2026-06-10T12:00:00Z");
  await seedDemo(t.db, now);
  const entries = await t.db
    .select({
      at: auditEvents.createdAt,
      projectId: auditEvents.projectId,
      actorType: auditEvents.actorType,
      summary: auditEvents.summary,
    })
    .from(auditEvents)
    .orderBy(auditEvents.id);
  const last = new Map<number | null, number>();
  const outOfOrder: string[] = [];
  for (const e of entries) {
    if (e.at.getTime() < (last.get(e.projectId) ?? 0)) outOfOrder.push(e.summary);
    last.set(e.projectId, e.at.getTime());
  }
  expect(outOfOrder).toEqual([]);
  expect(entries.at(-1)!.at.getTime()).toBeLessThanOrEqual(now.getTime());
  // The newest is a person's; before it, people, their CI, and Releaseboard answering CI (auto-promotions).
  expect(entries.at(-1)!.actorType).toBe("user");
  for (const e of entries.slice(-5)) {
    if (e.actorType === "system") expect(e.summary).toMatch(/auto-promoted|superseded/);
    expect(e.summary).not.toMatch(/changed the pipeline/);
  }
});
