import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { first, openDatabase, preparedQuery, rawRows, writeTransaction } from "./client";
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
  expect(await migrationsAreApplied(db)).toBe(false);
  await migrateDatabase(db);
  expect(await migrationsAreApplied(db)).toBe(true);
  const tables = () =>
    rawRows<{ name: string }>(db, sql`select name from sqlite_master where type in ('table','trigger') order by name`);
  const before = await tables();
  expect(before.map((t) => t.name)).toEqual(
    expect.arrayContaining(["releases", "transitions", "transitions_no_update", "transitions_no_delete"]),
  );
  await migrateDatabase(db);
  expect(await tables()).toEqual(before);
  const [applied] = await rawRows<{ n: number }>(db, sql`select count(*) as n from __drizzle_migrations`);
  expect(applied!.n).toBe(journal.entries.length);
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
  const row = await writeTransaction(db, async (tx) => {
    const [project] = await tx.insert(projects).values({ slug: "p", name: "P" }).returning();
    const [env] = await tx
      .insert(environments)
      .values({ projectId: project!.id, slug: "dev", name: "Dev", position: 0 })
      .returning();
    const actor = { actorType: "system", actorId: "system", actorName: "Releaseboard" } as const;
    const [release] = await tx
      .insert(releases)
      .values({ projectId: project!.id, version: "1", environmentId: env!.id, enteredAt: new Date(), ...actor })
      .returning();
    const [transition] = await tx
      .insert(transitions)
      .values({ projectId: project!.id, releaseId: release!.id, toEnvironmentId: env!.id, kind: "create", ...actor })
      .returning();
    return transition!;
  });
  await expect(
    writeTransaction(db, async (tx) => {
      await tx.update(transitions).set({ reason: "rewritten" }).where(eq(transitions.id, row.id));
    }),
  ).rejects.toThrow(/append-only/);
  await expect(
    writeTransaction(db, async (tx) => {
      await tx.delete(transitions).where(eq(transitions.id, row.id));
    }),
  ).rejects.toThrow(/append-only/);
  expect((await first(db.select().from(transitions)))?.reason).toBeNull();
  db.$client.close();
});

it("reads in row mode after drizzle used array mode", async () => {
  const db = openDatabase(emptyFile());
  await migrateDatabase(db);
  await writeTransaction(db, async (tx) => {
    await tx.insert(projects).values({ slug: "p", name: "P" });
  });
  const text = `select "slug" from "projects"`;
  // Drizzle reads typed selections in raw (array) mode...
  expect(db.$client.prepare(text).raw(true).all()).toEqual([["p"]]);
  // ...and the same text asked for again reads rows.
  expect(db.$client.prepare(text).all()).toEqual([{ slug: "p" }]);
  expect(await db.select({ slug: projects.slug }).from(projects)).toEqual([{ slug: "p" }]);
  expect(await rawRows(db, sql`select "slug" from "projects"`)).toEqual([{ slug: "p" }]);
  db.$client.close();
});

it("keeps prepared queries per connection and runs them inside and outside transactions", async () => {
  const [a, b] = [openDatabase(emptyFile()), openDatabase(emptyFile())];
  for (const [db, slug] of [
    [a, "a"],
    [b, "b"],
  ] as const) {
    await migrateDatabase(db);
    await writeTransaction(db, async (tx) => {
      await tx.insert(projects).values({ slug, name: slug.toUpperCase() });
    });
  }
  const names = preparedQuery((d) =>
    d
      .select({ name: projects.name })
      .from(projects)
      .where(eq(projects.slug, sql.placeholder("slug")))
      .prepare(),
  );
  expect(await names(a).execute({ slug: "a" })).toEqual([{ name: "A" }]);
  expect(await names(b).execute({ slug: "a" })).toEqual([]);
  expect(await writeTransaction(b, async (tx) => names(tx).execute({ slug: "b" }))).toEqual([{ name: "B" }]);
  // Built once per connection: the same statement for every call outside a transaction, and inside one.
  expect(names(a)).toBe(names(a));
  await writeTransaction(a, async (tx) => {
    expect(names(tx)).toBe(names(a));
  });
  a.$client.close();
  b.$client.close();
});
