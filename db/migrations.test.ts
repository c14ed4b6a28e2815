import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { openDatabase, preparedQuery, writeTransaction } from "./client";
import { migrateDatabase, migrationsAreApplied } from "./migrate";
import { environments, projects, releases, transitions } from "./schema";
import journal from "./migrations/meta/_journal.json";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function emptyFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-migrate-"));
  dirs.push(dir);
  return path.join(dir, "nested", "board.db");
}

it("applies every migration to an empty file, and again is a no-op", async () => {
  const db = openDatabase(emptyFile());
  expect(migrationsAreApplied(db)).toBe(false);
  await migrateDatabase(db);
  expect(migrationsAreApplied(db)).toBe(true);
  const tables = () =>
    db.all<{ name: string }>(sql`select name from sqlite_master where type in ('table','trigger') order by name`);
  const before = tables();
  expect(before.map((t) => t.name)).toEqual(
    expect.arrayContaining(["releases", "transitions", "transitions_no_update", "transitions_no_delete"]),
  );
  await migrateDatabase(db);
  expect(tables()).toEqual(before);
  expect(db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`).n).toBe(journal.entries.length);
  db.$client.close();
});

it("opens the file with WAL, a busy timeout, foreign keys and full sync", () => {
  const db = openDatabase(emptyFile());
  expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
  expect(db.$client.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(5000);
  expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
  db.$client.close();
});

it("refuses to rewrite or delete a transition", async () => {
  const db = openDatabase(emptyFile());
  await migrateDatabase(db);
  const project = db.insert(projects).values({ slug: "p", name: "P" }).returning().get();
  const env = db
    .insert(environments)
    .values({ projectId: project.id, slug: "dev", name: "Dev", position: 0 })
    .returning()
    .get();
  const actor = { actorType: "system", actorId: "system", actorName: "Releaseboard" } as const;
  const release = db
    .insert(releases)
    .values({ projectId: project.id, version: "1", environmentId: env.id, enteredAt: new Date(), ...actor })
    .returning()
    .get();
  const row = db
    .insert(transitions)
    .values({ projectId: project.id, releaseId: release.id, toEnvironmentId: env.id, kind: "create", ...actor })
    .returning()
    .get();
  expect(() => db.update(transitions).set({ reason: "rewritten" }).where(eq(transitions.id, row.id)).run()).toThrow(
    /append-only/,
  );
  expect(() => db.delete(transitions).where(eq(transitions.id, row.id)).run()).toThrow(/append-only/);
  expect(db.select().from(transitions).get()?.reason).toBeNull();
  db.$client.close();
});

it("reads in row mode after drizzle used array mode", async () => {
  const db = openDatabase(emptyFile());
  await migrateDatabase(db);
  db.insert(projects).values({ slug: "p", name: "P" }).run();
  const text = `select "slug" from "projects"`;
  // Drizzle reads typed selections in raw (array) mode...
  expect(db.$client.prepare(text).raw(true).all()).toEqual([["p"]]);
  // ...and the same text asked for again reads rows.
  expect(db.$client.prepare(text).all()).toEqual([{ slug: "p" }]);
  expect(db.select({ slug: projects.slug }).from(projects).all()).toEqual([{ slug: "p" }]);
  expect(db.all(sql`select "slug" from "projects"`)).toEqual([{ slug: "p" }]);
  db.$client.close();
});

it("keeps prepared queries per connection and runs them inside and outside transactions", async () => {
  const [a, b] = [openDatabase(emptyFile()), openDatabase(emptyFile())];
  for (const [db, slug] of [
    [a, "a"],
    [b, "b"],
  ] as const) {
    await migrateDatabase(db);
    db.insert(projects).values({ slug, name: slug.toUpperCase() }).run();
  }
  const names = preparedQuery((d) =>
    d
      .select({ name: projects.name })
      .from(projects)
      .where(eq(projects.slug, sql.placeholder("slug")))
      .prepare(),
  );
  expect(names(a).all({ slug: "a" })).toEqual([{ name: "A" }]);
  expect(names(b).all({ slug: "a" })).toEqual([]);
  expect(writeTransaction(b, (tx) => names(tx).all({ slug: "b" }))).toEqual([{ name: "B" }]);
  expect(names(a)).toBe(writeTransaction(a, (tx) => names(tx)));
  a.$client.close();
  b.$client.close();
});
