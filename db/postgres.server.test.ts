import { writeTransaction } from "./client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asc, eq, getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { startPostgres, type TestPostgres } from "../server/testing/postgres";
import { createTestDb } from "../server/testing/test-db";
import { closePostgres, migratePostgres, migrationLock, openPostgres, type PgDb } from "./postgres";
import * as pgSchema from "./schema-pg";
import * as sqliteSchema from "./schema/sqlite";
import journal from "./migrations-pg/meta/_journal.json";

/** The Postgres schema on a real server (README: Postgres): migrations, triggers, and the rows it reads back. */
let server: TestPostgres;
let db: PgDb;
const opened: PgDb[] = [];

beforeAll(async () => {
  server = await startPostgres();
  db = openPostgres(server.url, { poolSize: 4 });
  opened.push(db);
  await migratePostgres(db);
}, 240_000);

afterAll(async () => {
  await Promise.all(opened.map((each) => closePostgres(each)));
  await server?.stop();
}, 120_000);

/** A new empty database on the test server, and its URL. */
async function freshDatabase(name: string): Promise<string> {
  await db.execute(sql.raw(`create database ${name}`));
  return server.url.replace(/\/releaseboard$/, `/${name}`);
}

const actor = { actorType: "system", actorId: "system", actorName: "Releaseboard" } as const;

async function seedRelease() {
  const [project] = await db
    .insert(pgSchema.projects)
    .values({ slug: `p${Math.random().toString(36).slice(2, 8)}`, name: "P" })
    .returning();
  const [env] = await db
    .insert(pgSchema.environments)
    .values({ projectId: project!.id, slug: "dev", name: "Dev", position: 0 })
    .returning();
  const [release] = await db
    .insert(pgSchema.releases)
    .values({ projectId: project!.id, version: "1", environmentId: env!.id, enteredAt: new Date(), ...actor })
    .returning();
  return { project: project!, env: env!, release: release! };
}

/** The message Postgres refused with: drizzle wraps the driver's error, which is the cause. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const cause = (error as { cause?: Error }).cause ?? (error as Error);
    return cause.message;
  }
  return "not refused";
}

it("migrates an empty database and records the one migration", async () => {
  const applied = await db.execute<{ n: number }>(sql`select count(*) as n from drizzle.__drizzle_migrations`);
  expect(applied.rows[0]!.n).toBe(journal.entries.length);
  const tables = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
  );
  expect(tables.rows.map((t) => t.name).sort()).toContain("latest_check_results");
  // Every table the schema declares, and nothing else.
  const declared = Object.values(pgSchema)
    .filter((value) => is(value, PgTable))
    .map((table) => getTableName(table));
  expect(tables.rows.map((t) => t.name).sort()).toEqual(declared.sort());
});

it("refuses to rewrite, delete or truncate a transition", async () => {
  const { project, env, release } = await seedRelease();
  const [move] = await db
    .insert(pgSchema.transitions)
    .values({ projectId: project.id, releaseId: release.id, toEnvironmentId: env.id, kind: "create", ...actor })
    .returning();
  expect(
    await refusal(db.update(pgSchema.transitions).set({ reason: "x" }).where(eq(pgSchema.transitions.id, move!.id))),
  ).toBe("transitions are append-only: UPDATE is not allowed");
  expect(await refusal(db.delete(pgSchema.transitions).where(eq(pgSchema.transitions.id, move!.id)))).toBe(
    "transitions are append-only: DELETE is not allowed",
  );
  expect(await refusal(db.execute(sql`truncate transitions cascade`))).toBe(
    "transitions are append-only: TRUNCATE is not allowed",
  );
  expect(await db.select().from(pgSchema.transitions).where(eq(pgSchema.transitions.id, move!.id))).toEqual([move]);
});

it("keeps the activity log append-only, but lets an entry from before the chain be sealed once", async () => {
  const { project } = await seedRelease();
  const [entry] = await db
    .insert(pgSchema.auditEvents)
    .values({ projectId: project.id, kind: "project.changed", summary: "changed", detail: { a: 1 }, ...actor })
    .returning();
  const byId = eq(pgSchema.auditEvents.id, entry!.id);
  expect(await refusal(db.update(pgSchema.auditEvents).set({ summary: "rewritten" }).where(byId))).toBe(
    "audit events are append-only: UPDATE is not allowed",
  );
  // Sealing: the hash set once, nothing else changed.
  await db
    .update(pgSchema.auditEvents)
    .set({ hash: "a".repeat(64) })
    .where(byId);
  expect(
    await refusal(
      db
        .update(pgSchema.auditEvents)
        .set({ hash: "b".repeat(64) })
        .where(byId),
    ),
  ).toBe("audit events are append-only: UPDATE is not allowed");
  expect(await refusal(db.delete(pgSchema.auditEvents).where(byId))).toBe(
    "audit events are append-only: DELETE is not allowed",
  );
  const [row] = await db.select().from(pgSchema.auditEvents).where(byId);
  expect(row).toEqual({ ...entry, hash: "a".repeat(64) });

  const [checkpoint] = await db
    .insert(pgSchema.auditCheckpoints)
    .values({ seq: entry!.id, hash: "a".repeat(64), signature: "sig" })
    .returning();
  const checkpointId = eq(pgSchema.auditCheckpoints.id, checkpoint!.id);
  expect(await refusal(db.update(pgSchema.auditCheckpoints).set({ signature: "forged" }).where(checkpointId))).toBe(
    "audit checkpoints are append-only: UPDATE is not allowed",
  );
  expect(await refusal(db.delete(pgSchema.auditCheckpoints).where(checkpointId))).toBe(
    "audit checkpoints are append-only: DELETE is not allowed",
  );
});

it("keeps latest_check_results: the latest result, the first, and how many, per release, environment and check", async () => {
  const { release, env } = await seedRelease();
  const result = (checkName: string, status: "passed" | "failed") => ({
    releaseId: release.id,
    environmentId: env.id,
    checkName,
    status,
    ...actor,
  });
  const [first] = await db.insert(pgSchema.checkResults).values(result("unit", "failed")).returning();
  await db.insert(pgSchema.checkResults).values([result("e2e", "passed"), result("unit", "failed")]);
  const [last] = await db.insert(pgSchema.checkResults).values(result("unit", "passed")).returning();
  const latest = await db
    .select()
    .from(pgSchema.latestCheckResults)
    .where(eq(pgSchema.latestCheckResults.releaseId, release.id))
    .orderBy(asc(pgSchema.latestCheckResults.checkName));
  expect(latest).toEqual([
    {
      releaseId: release.id,
      environmentId: env.id,
      checkName: "e2e",
      resultId: first!.id + 1,
      firstResultId: first!.id + 1,
      runs: 1,
    },
    {
      releaseId: release.id,
      environmentId: env.id,
      checkName: "unit",
      resultId: last!.id,
      firstResultId: first!.id,
      runs: 3,
    },
  ]);
});

it("keeps the highest id as the latest when results arrive out of id order (two transactions committing crosswise)", async () => {
  const { release, env } = await seedRelease();
  const at = (id: number) => ({
    id,
    releaseId: release.id,
    environmentId: env.id,
    checkName: "lint",
    status: "passed" as const,
    ...actor,
  });
  await db.insert(pgSchema.checkResults).values(at(900_002));
  await db.insert(pgSchema.checkResults).values(at(900_001));
  const [latest] = await db
    .select()
    .from(pgSchema.latestCheckResults)
    .where(eq(pgSchema.latestCheckResults.releaseId, release.id));
  expect(latest).toMatchObject({ resultId: 900_002, firstResultId: 900_001, runs: 2 });
});

it("reads back what SQLite reads back: numbers, dates, booleans, JSON and bytes", async () => {
  const sqlite = await createTestDb();
  try {
    const at = new Date("2026-03-04T05:06:07.089Z");
    const project = { id: 41, slug: "same", name: "Same", chatWebhooks: ["https://chat.example/a"], createdAt: at };
    const environment = {
      id: 42,
      projectId: 41,
      slug: "prod",
      name: "Production",
      position: 3,
      autoPromote: true,
      requiredChecks: ["unit", "e2e"],
      capacity: 2 ** 40,
      deployTarget: { webhook: { url: "https://deploy.example/hook" } },
      approvals: [{ team: "ops", count: 2 }],
      removedAt: at,
      createdAt: at,
    };
    await writeTransaction(sqlite.db, async (tx) => {
      await tx.insert(sqliteSchema.projects).values(project);
      await tx.insert(sqliteSchema.environments).values(environment);
      await tx.insert(sqliteSchema.storageProbes).values({ id: 7, body: Buffer.from([0, 1, 255]) });
    });
    await db.insert(pgSchema.projects).values(project);
    await db.insert(pgSchema.environments).values(environment);
    await db.insert(pgSchema.storageProbes).values({ id: 7, body: Buffer.from([0, 1, 255]) });

    const fromPg = {
      project: await db.select().from(pgSchema.projects).where(eq(pgSchema.projects.id, 41)),
      environment: await db.select().from(pgSchema.environments).where(eq(pgSchema.environments.id, 42)),
      probe: await db.select().from(pgSchema.storageProbes).where(eq(pgSchema.storageProbes.id, 7)),
    };
    expect(fromPg).toEqual({
      project: sqlite.db.select().from(sqliteSchema.projects).all(),
      environment: sqlite.db.select().from(sqliteSchema.environments).all(),
      probe: sqlite.db.select().from(sqliteSchema.storageProbes).all(),
    });
    expect(fromPg.environment[0]!.capacity).toBe(2 ** 40);
    // Raw SQL reads 64-bit integers as numbers too, as on SQLite.
    const raw = await db.execute<{ n: number; total: number }>(
      sql`select count(*) as n, sum(position) as total from environments where id = 42`,
    );
    expect(raw.rows[0]).toEqual({ n: 1, total: 3 });
  } finally {
    await sqlite.close();
  }
});

it("migrates once when two instances start at the same time: the second waits, then finds nothing to do", async () => {
  const url = await freshDatabase("two_instances");
  const a = openPostgres(url, { poolSize: 3 });
  const b = openPostgres(url, { poolSize: 2 });
  opened.push(a, b);
  // While another session holds the migration lock, neither migrates.
  const holder = await a.$client.connect();
  await holder.query("select pg_advisory_lock($1::bigint)", [migrationLock]);
  const both = Promise.all([migratePostgres(a), migratePostgres(b)]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = await holder.query("select to_regclass('public.releases') as releases");
  expect(before.rows[0].releases).toBeNull();
  await holder.query("select pg_advisory_unlock($1::bigint)", [migrationLock]);
  holder.release();
  await both;
  const applied = await a.execute<{ n: number }>(sql`select count(*) as n from drizzle.__drizzle_migrations`);
  expect(applied.rows[0]!.n).toBe(journal.entries.length);
  // Both see the migrated schema, triggers included.
  const triggers = await b.execute<{ n: number }>(
    sql`select count(*) as n from pg_trigger where tgname = 'check_results_latest'`,
  );
  expect(triggers.rows[0]!.n).toBe(1);
  await migratePostgres(b);
  const again = await b.execute<{ n: number }>(sql`select count(*) as n from drizzle.__drizzle_migrations`);
  expect(again.rows[0]!.n).toBe(journal.entries.length);
});
