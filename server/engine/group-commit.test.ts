import { rawExecute } from "../../db/client";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { writeGrouped } from "./group-commit";
import { onCommit } from "../live/commits";
import { writeTransaction } from "../services/context";
import { systemActor } from "../domain/permissions";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  await rawExecute(t.db, sql`create table notes (id integer primary key, text text not null unique)`);
});
afterEach(() => t.close());

/** What another connection (another process, or the file after a crash) sees. */
const committedTexts = (file: string) => {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare("select text from notes order by id").all() as { text: string }[]).map((r) => r.text);
  } finally {
    other.close();
  }
};

it("writes of one turn share a commit, each settles only once it is on disk, and a refused one rolls back alone", async () => {
  let commits = 0;
  onCommit(t.db, () => commits++);
  const settled: string[][] = [];
  const write = (text: string) =>
    writeGrouped(t.db, async (tx) => await rawExecute(tx, sql`insert into notes (text) values (${text})`)).then(() =>
      settled.push(committedTexts(t.file)),
    );
  const a = write("a");
  const duplicate = write("a").then(
    () => "written",
    (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
  );
  const b = write("b");
  // Nothing is visible to another connection before the group commits.
  expect(committedTexts(t.file)).toEqual([]);
  await a;
  expect(await duplicate).toMatch(/UNIQUE constraint failed/);
  await b;
  expect(settled).toEqual([
    ["a", "b"],
    ["a", "b"],
  ]);
  expect(commits).toBe(1);

  // The next turn opens a new group.
  await write("c");
  expect(committedTexts(t.file)).toEqual(["a", "b", "c"]);
  expect(commits).toBe(2);
});

it("another writer while a group is open waits for the group's commit instead of failing", async () => {
  const grouped = writeGrouped(
    t.db,
    async (tx) => await rawExecute(tx, sql`insert into notes (text) values ('grouped')`),
  );
  await writeTransaction(
    { db: t.db, actor: systemActor },
    async (tx) => await rawExecute(tx, sql`insert into notes (text) values ('verb')`),
  );
  await grouped;
  expect(committedTexts(t.file)).toEqual(["grouped", "verb"]);
});

it("a verb started outside an open group commits the group first, and its own write before it returns", async () => {
  const grouped = writeGrouped(
    t.db,
    async (tx) => await rawExecute(tx, sql`insert into notes (text) values ('grouped')`),
  );
  await writeTransaction(
    { db: t.db, actor: systemActor },
    async (tx) => await rawExecute(tx, sql`insert into notes (text) values ('verb')`),
  );
  // Both are on disk already: the verb answered after a commit of its own.
  expect(committedTexts(t.file)).toEqual(["grouped", "verb"]);
  await grouped;
  // Inside a grouped write, a verb is part of the group (a savepoint), not a commit of its own.
  const nested = writeGrouped(t.db, (tx) =>
    writeTransaction(
      { db: tx as never, actor: systemActor },
      async (inner) => await rawExecute(inner, sql`insert into notes (text) values ('nested')`),
    ),
  );
  expect(committedTexts(t.file)).toEqual(["grouped", "verb"]);
  await nested;
  expect(committedTexts(t.file)).toEqual(["grouped", "verb", "nested"]);
});
