import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asc, getTableName, is, sql } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { runCli, tempDirPerTest } from "../testing/cli";
import { startPostgres, type TestPostgres } from "../testing/postgres";
import { closePostgres, openPostgres } from "../../db/postgres";
import * as sqliteSchema from "../../db/schema/sqlite";
import * as pgSchema from "../../db/schema-pg";

/** `releaseboard db copy --to postgres://…` (README: Postgres): the upgrade path from the file to Postgres. */
const temp = tempDirPerTest("releaseboard-copy-");
let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
}, 240_000);
afterAll(async () => server?.stop(), 120_000);

const cli = (file: string, ...args: string[]) => runCli(file, args, 180_000);

it("copies the demo database into an empty Postgres database, ids and history included, and refuses a second copy", async () => {
  const file = path.join(temp.path, "releaseboard.db");
  expect(cli(file, "db", "migrate").status).toBe(0);
  expect(cli(file, "demo", "seed")).toMatchObject({ status: 0 });

  const copy = cli(file, "db", "copy", "--to", server.url);
  expect(copy.stderr).toBe("");
  expect(copy.status).toBe(0);
  const tableCount = Object.values(sqliteSchema).filter((value) => is(value, SQLiteTable)).length;
  expect(copy.last).toMatch(
    new RegExp(`^Copied \\d+ rows in ${tableCount} tables from .* to postgres://.*; the counts match\\.`),
  );

  const sqlite = new Database(file, { readonly: true });
  const source = drizzle(sqlite);
  const target = openPostgres(server.url, { poolSize: 2 });
  try {
    // Every table's count is printed and is SQLite's.
    for (const line of copy.stdout.split("\n").slice(0, -1)) {
      const [table, count] = line.trim().split(/\s+/);
      const inSqlite = source.get<{ n: number }>(sql`select count(*) as n from ${sql.identifier(table!)}`).n;
      expect(Number(count), table).toBe(inSqlite);
    }
    expect(source.get<{ n: number }>(sql`select count(*) as n from transitions`).n).toBeGreaterThan(10);

    // The history reads back the same, row for row (ids, times, JSON, the activity log's hash chain).
    for (const [sqliteTable, pgTable] of [
      [sqliteSchema.transitions, pgSchema.transitions],
      [sqliteSchema.auditEvents, pgSchema.auditEvents],
      [sqliteSchema.environments, pgSchema.environments],
      [sqliteSchema.signingSecrets, pgSchema.signingSecrets],
      [sqliteSchema.latestCheckResults, pgSchema.latestCheckResults],
    ] as const) {
      const order = "id" in sqliteTable ? sqliteTable.id : sqliteTable.resultId;
      const pgOrder = "id" in pgTable ? pgTable.id : pgTable.resultId;
      const copied = await target.select().from(pgTable).orderBy(asc(pgOrder));
      expect(copied, getTableName(pgTable)).toEqual(source.select().from(sqliteTable).orderBy(asc(order)).all());
    }

    // New rows continue after the copied ids.
    const [last] = source
      .select()
      .from(sqliteSchema.projects)
      .orderBy(sql`id desc`)
      .limit(1)
      .all();
    const [added] = await target.insert(pgSchema.projects).values({ slug: "after-copy", name: "After" }).returning();
    expect(added!.id).toBe(last!.id + 1);
  } finally {
    sqlite.close();
    await closePostgres(target);
  }

  const again = cli(file, "db", "copy", "--to", server.url);
  expect(again.status).toBe(1);
  expect(again.stderr).toMatch(
    /^releaseboard: the Postgres database is not empty \(rows in .*projects.*\); copy into an empty one$/,
  );
}, 600_000);

it("commits nothing and exits 1 when a table's rows differ after the copy", async () => {
  const file = path.join(temp.path, "releaseboard.db");
  expect(cli(file, "db", "migrate").status).toBe(0);
  expect(cli(file, "demo", "seed").status).toBe(0);
  // latest_check_results is rebuilt from the results in Postgres: one row missing here makes the counts differ.
  const sqlite = new Database(file);
  sqlite.exec("delete from latest_check_results where rowid = (select min(rowid) from latest_check_results)");
  const inSqlite = (sqlite.prepare("select count(*) as n from latest_check_results").get() as { n: number }).n;
  sqlite.close();
  const admin = openPostgres(server.url, { poolSize: 1 });
  try {
    await admin.execute(sql`create database mismatch`);
  } finally {
    await closePostgres(admin);
  }
  const url = server.url.replace(/\/releaseboard$/, "/mismatch");

  const copy = cli(file, "db", "copy", "--to", url);
  expect(copy.status).toBe(1);
  expect(copy.stdout).toContain(`latest_check_results  ${inSqlite} in SQLite, ${inSqlite + 1} in Postgres`);
  expect(copy.stderr).toBe(
    `releaseboard: the copy does not match, nothing was committed: latest_check_results has ${inSqlite} rows in SQLite, ${inSqlite + 1} in Postgres`,
  );
  const target = openPostgres(url, { poolSize: 1 });
  try {
    const left = await target.execute<{ n: number }>(
      sql`select (select count(*) from projects) + (select count(*) from audit_events) as n`,
    );
    expect(left.rows[0]!.n).toBe(0);
  } finally {
    await closePostgres(target);
  }
}, 600_000);

it("`db backup` on a Postgres URL says to use pg_dump", () => {
  const result = cli(path.join(temp.path, "x.db"), "db", "backup", "postgres://rb:secret@db.example:5432/releaseboard");
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    "releaseboard: db backup copies the SQLite file; back up a Postgres database with pg_dump: pg_dump --format=custom --file=releaseboard.dump 'postgres://rb:***@db.example:5432/releaseboard'",
  );
}, 120_000);
