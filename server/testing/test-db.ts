import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Db } from "../../db/client";
import { closePostgresDatabase, openPostgresDatabase } from "../../db/client-postgres";
import { migrateDatabase } from "../../db/migrate";
import type { Actor, Role } from "../domain/permissions";
import type { ServiceContext } from "../services/context";

export type TestDb = { db: Db; file: string; dir: string; close: () => void | Promise<void> };

/**
 * Whether this run of the suite is on Postgres (server/vitest.postgres.config.mts). Tests of what
 * only SQLite has (its file, its pragmas, its group commit) skip themselves there, saying why.
 */
export const onPostgres = process.env.RELEASEBOARD_TEST_DATABASE === "postgres";

/** The test cluster when the suite runs on Postgres (server/vitest.postgres.config.mts), else undefined. */
async function postgresServer(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  return inject("postgresServer");
}

/**
 * A migrated database of the test's own: a real SQLite file in a temp directory, or, when the
 * suite runs on Postgres, a database copied from the migrated template on the test cluster.
 */
export async function createTestDb(): Promise<TestDb> {
  const server = await postgresServer();
  if (server) return createPostgresTestDb(server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-test-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  await migrateDatabase(db);
  const testDb: TestDb = {
    db,
    file,
    dir,
    close: () => {
      testDb.db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return testDb;
}

async function createPostgresTestDb(server: string): Promise<TestDb> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template template_releaseboard`);
  } finally {
    await admin.end();
  }
  const url = `${server}/${name}`;
  const db = openPostgresDatabase(url, { poolSize: 4 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-test-"));
  return {
    db,
    file: "",
    dir,
    close: async () => {
      await closePostgresDatabase(url);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const userActor = (role: Role, name = `${role} user`, id = `user-${role}`): Actor => ({
  type: "user",
  id,
  name,
  role,
});

/** A service context with a clock the test controls. */
export function testContext(db: Db, actor: Actor, start = new Date("2026-06-01T09:00:00Z")) {
  let now = start.getTime();
  const ctx: ServiceContext & { advance: (minutes: number) => void; setNow: (d: Date) => void } = {
    db,
    actor,
    now: () => new Date(now),
    advance: (minutes) => {
      now += minutes * 60_000;
    },
    setNow: (d) => {
      now = d.getTime();
    },
  };
  return ctx;
}
