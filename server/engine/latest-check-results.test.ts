import { rawRows } from "../../db/client";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase, readTransaction, withWriter, type Db } from "../../db/client";
import { migrationsFolder } from "../../db/migrate";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { getReleaseDetail } from "../queries/release-detail";
import { getBoard } from "../queries/board";
import { loadReleaseFacts } from "./gate-facts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const now = new Date("2026-12-07T12:00:00Z");

/** The latest result per (release, environment, check) the slow way: every result walked. */
async function latestByWalkingEveryResult(db: Db) {
  return await rawRows<{ releaseId: number; environmentId: number; checkName: string; resultId: number; runs: number }>(
    db,
    sql`
    select release_id as releaseId, environment_id as environmentId, check_name as checkName,
      max(id) as resultId, count(*) as runs
    from check_results group by release_id, environment_id, check_name order by 1, 2, 3`,
  );
}

const kept = async (db: Db) =>
  await rawRows(
    db,
    sql`
    select release_id as releaseId, environment_id as environmentId, check_name as checkName,
      result_id as resultId, runs
    from latest_check_results order by 1, 2, 3`,
  );

async function shop() {
  const ctx = testContext(t.db, userActor("admin", "Ada"), now);
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit", "e2e"] },
    { slug: "production", name: "Production", requiredSignoffs: 1 },
  ]);
  await createRelease({ ctx, input: { project: "shop", version: "1.0.0" } });
  await createRelease({ ctx, input: { project: "shop", version: "1.1.0" } });
  return ctx;
}

// 6,000 results written in a moment through SQLite's own connection (the trigger keeping the table is tested on both).
it.skipIf(onPostgres)(
  "a release with thousands of results answers gates, board and release page from its latest per check",
  async () => {
    const ctx = await shop();
    const [dev] = await rawRows<{ id: number }>(t.db, sql`select id from environments where slug = 'dev'`);
    const [release] = await rawRows<{ id: number }>(t.db, sql`select id from releases where version = '1.1.0'`);
    // 6,000 results in one go, as a monitor posting every minute for four days would leave:
    // unit alternates, e2e always fails, lint reported once at the very start.
    const insert = t.db.$client.prepare(
      `insert into check_results (release_id, environment_id, check_name, status, url, actor_type, actor_id, actor_name, created_at)
     values (?, ?, ?, ?, ?, 'token', 't', 'CI', ?)`,
    );
    t.db.$client.transaction(() => {
      insert.run(release!.id, dev!.id, "lint", "passed", "https://ci.example.com/lint", now.getTime());
      for (let i = 0; i < 3000; i++) {
        insert.run(release!.id, dev!.id, "unit", i % 2 ? "passed" : "failed", `https://ci.example.com/u${i}`, i);
        insert.run(release!.id, dev!.id, "e2e", "failed", null, i);
      }
    })();
    // Through the verb, as CI would: the latest unit is now a failure.
    await recordCheckResult({
      ctx,
      input: {
        project: "shop",
        version: "1.1.0",
        environment: "dev",
        check: "unit",
        status: "failed",
        url: "https://ci.example.com/last",
      },
    });

    expect(await kept(t.db)).toEqual(await latestByWalkingEveryResult(t.db));

    const facts = await readTransaction(t.db, (tx) =>
      loadReleaseFacts(tx, [{ id: release!.id, environmentId: dev!.id }]),
    );
    const checks = facts.get(release!.id)!.checks;
    expect(checks.map((c) => [c.checkName, c.status]).sort()).toEqual([
      ["e2e", "failed"],
      ["lint", "passed"],
      ["unit", "failed"],
    ]);

    const board = await getBoard(t.db, "shop", now);
    const card = board.columns.flatMap((c) => c.cards).find((r) => r.version === "1.1.0")!;
    expect(card.checkLinks).toEqual({ lint: "https://ci.example.com/lint", unit: "https://ci.example.com/last" });

    const detail = await getReleaseDetail(t.db, "shop", "1.1.0", now);
    expect(detail.next?.allMet).toBe(false);
    expect(detail.checks.map((c) => c.name)).toEqual(["unit", "e2e", "lint"]);
    const unit = detail.checks[0]!.cells[0]!;
    expect(unit).toMatchObject({ runs: 3001, latest: { status: "failed", url: "https://ci.example.com/last" } });
    // lint's only result is older than anything the timeline lists: the matrix still has it.
    expect(detail.checks[2]!.cells[0]).toMatchObject({ runs: 1, latest: { status: "passed" } });
    expect(detail.latestResults.map((r) => r.checkName)).toEqual(["lint", "unit", "e2e"]);
    expect(detail.results.length).toBeLessThan(6002);
  },
);

it("the latest row follows every insert, per environment, and a passing pair auto-promotes", async () => {
  const ctx = await shop();
  const record = (version: string, environment: string, check: string, status: "passed" | "failed") =>
    recordCheckResult({ ctx, input: { project: "shop", version, environment, check, status } });
  await record("1.0.0", "dev", "unit", "failed");
  await record("1.0.0", "dev", "unit", "passed");
  await record("1.0.0", "dev", "e2e", "failed");
  await record("1.1.0", "dev", "e2e", "passed");
  expect(await kept(t.db)).toEqual(await latestByWalkingEveryResult(t.db));
  const moved = await record("1.0.0", "dev", "e2e", "passed");
  expect(moved.autoPromoted.map((m) => m.to)).toEqual(["qa"]);
  await record("1.0.0", "qa", "unit", "failed");
  expect(await kept(t.db)).toEqual(await latestByWalkingEveryResult(t.db));
});

it("migration 0009 fills the latest rows from the results already stored", async () => {
  // A database as the previous release left it: migrated up to 0008, with results.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "releaseboard-0009-"));
  try {
    const before = path.join(dir, "migrations");
    fs.cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = path.join(before, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0009_"));
    expect(upTo).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, upTo);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const db = openDatabase(path.join(dir, "old.db"));
    await withWriter(db, (writer) => migrate(writer, { migrationsFolder: before }));
    const $ = db.$client;
    $.exec(`insert into projects (slug, name, created_at) values ('p', 'P', 0)`);
    $.exec(
      `insert into environments (project_id, slug, name, position, created_at) values (1, 'dev', 'Dev', 0, 0), (1, 'qa', 'QA', 1, 0)`,
    );
    for (const version of ["1", "2"])
      $.prepare(
        `insert into releases (project_id, version, environment_id, entered_at, actor_type, actor_id, actor_name, created_at)
         values (1, ?, 1, 0, 'system', 'system', 'S', 0)`,
      ).run(version);
    const insert = $.prepare(
      `insert into check_results (release_id, environment_id, check_name, status, actor_type, actor_id, actor_name, created_at)
       values (?, ?, ?, ?, 'token', 't', 'CI', 0)`,
    );
    for (let i = 0; i < 50; i++) {
      insert.run(
        1 + (i % 2),
        1 + (i % 3 === 0 ? 1 : 0),
        ["unit", "e2e", "build (ubuntu, 20.x)"][i % 3]!,
        i % 5 ? "passed" : "failed",
      );
    }
    await withWriter(db, (writer) => migrate(writer, { migrationsFolder }));
    expect(await kept(db)).toEqual(await latestByWalkingEveryResult(db));
    expect(await kept(db)).toHaveLength(6);
    // and from then on the trigger keeps it
    insert.run(2, 1, "unit", "failed");
    expect(await kept(db)).toEqual(await latestByWalkingEveryResult(db));
    $.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
