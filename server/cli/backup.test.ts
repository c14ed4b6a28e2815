import { first, rawRows } from "../../db/client";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { count, sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { backupDatabase } from "../../db/backup";
import { checkResults, releases, transitions } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { seedDemo } from "../demo/seed";
import { recordCheckResult } from "../services/record-check-result";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

it("makes a consistent copy while writes go on, written aside and renamed into place", async () => {
  await seedDemo(t.db);
  const counts = async (db: TestDb["db"]) =>
    await Promise.all(
      [releases, transitions, checkResults].map(
        async (table) => (await first(db.select({ n: count() }).from(table)))!.n,
      ),
    );
  const before = await counts(t.db);

  // Keep writing through the same connection while the backup copies page by page.
  const ctx = testContext(t.db, userActor("admin"), new Date());
  let writes = 0;
  let writing = true;
  const writer = (async () => {
    while (writing) {
      await recordCheckResult({
        ctx,
        input: { project: "checkout", version: "2.9.0", environment: "qa", check: "e2e", status: "running" },
      });
      writes++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const target = path.join(t.dir, "backups", "copy.db");
  const result = await backupDatabase(t.db, target);
  writing = false;
  await writer;

  expect(result.pages).toBeGreaterThan(0);
  expect(writes).toBeGreaterThan(0);
  expect(fs.readdirSync(path.dirname(target))).toEqual(["copy.db"]);
  const restored = openDatabase(target);
  try {
    expect(
      (await first(await rawRows<{ integrity_check: string }>(restored, sql`pragma integrity_check`)))!.integrity_check,
    ).toBe("ok");
    const copied = await counts(restored);
    expect(copied[0]).toBe(before[0]);
    expect(copied[1]).toBe(before[1]);
    // Whatever the backup caught of the concurrent writes, it is a whole state between the two.
    expect(copied[2]).toBeGreaterThanOrEqual(before[2]!);
    expect(copied[2]).toBeLessThanOrEqual(before[2]! + writes);
  } finally {
    restored.$client.close();
  }
});
