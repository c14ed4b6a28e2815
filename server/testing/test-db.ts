import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import type { Actor, Role } from "../domain/permissions";
import type { ServiceContext } from "../services/context";

export type TestDb = { db: Db; file: string; dir: string; close: () => void };

/** A migrated database in its own temp directory: every test gets a real SQLite file. */
export async function createTestDb(): Promise<TestDb> {
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
