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
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

const counts = () => {
  const n = (table: SQLiteTable) => t.db.select({ n: count() }).from(table).get()!.n;
  return {
    projects: n(projects),
    releases: n(releases),
    transitions: n(transitions),
    results: n(checkResults),
    failures: n(testCaseFailures),
    signoffs: n(signoffs),
    locks: n(environmentLocks),
    freezes: n(freezeWindows),
    audit: n(auditEvents),
  };
};

it("seeds a believable demo once, and a second run changes nothing", async () => {
  const end = new Date("2026-06-10T12:00:00Z");
  expect((await seedDemo(t.db, end)).seeded).toBe(true);
  const first = counts();
  expect(first.projects).toBe(3);
  expect(first.releases).toBeGreaterThanOrEqual(35);
  expect(first.releases).toBeLessThanOrEqual(45);
  expect(first.failures).toBeGreaterThan(0);
  expect(first.locks).toBe(1);
  expect(first.freezes).toBe(1);
  expect(first.signoffs).toBeGreaterThan(10);
  // Releases are spread over every stage, and Production has one live release per project.
  const active = t.db.select().from(releases).where(eq(releases.state, "active")).all();
  expect(new Set(active.map((r) => r.environmentId)).size).toBeGreaterThanOrEqual(10);

  expect((await seedDemo(t.db, end)).seeded).toBe(false);
  expect(counts()).toEqual(first);
});

it("is deterministic", async () => {
  const end = new Date("2026-06-10T12:00:00Z");
  await seedDemo(t.db, end);
  const snapshot = t.db
    .select({ v: releases.version, s: releases.state, e: releases.environmentId })
    .from(releases)
    .all();
  const other = createTestDb();
  try {
    await seedDemo(other.db, end);
    expect(
      other.db.select({ v: releases.version, s: releases.state, e: releases.environmentId }).from(releases).all(),
    ).toEqual(snapshot);
  } finally {
    other.close();
  }
});

it("ends on what people did: starting the demo on another port writes no pipeline change by anyone", async () => {
  await seedDemo(t.db, new Date("2026-06-10T12:00:00Z"));
  const newest = () => t.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get()!;
  const before = newest();
  expect(before).toMatchObject({ actorName: "Rita Patel", kind: "environment.locked" });

  aimDemoDeployer(t.db, 3210);
  expect(newest()).toEqual(before);
  const targets = t.db
    .select({ target: environments.deployTarget })
    .from(environments)
    .all()
    .flatMap(({ target }) => (target && "webhook" in target ? [target.webhook.url] : []));
  expect(targets.length).toBeGreaterThan(0);
  for (const url of targets) expect(url).toBe("http://localhost:3210/demo/deployer");
});

it("reads in order within each project, and the newest entries are what people and their CI did", async () => {
  const now = new Date("2026-06-10T12:00:00Z");
  await seedDemo(t.db, now);
  const entries = t.db
    .select({
      at: auditEvents.createdAt,
      projectId: auditEvents.projectId,
      actorType: auditEvents.actorType,
      summary: auditEvents.summary,
    })
    .from(auditEvents)
    .orderBy(auditEvents.id)
    .all();
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
