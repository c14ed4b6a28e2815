import { exited, startServer } from "../server/testing/spawn-server";
import { startPostgres } from "../server/testing/postgres";
import { openPostgresDatabase, closePostgresDatabase } from "../db/client-postgres";
import { migrateDatabase } from "../db/migrate";
import type { Db } from "../db/client";
import { getBoard } from "../server/queries/board";
import { createRelease } from "../server/services/create-release";
import { recordCheckResult } from "../server/services/record-check-result";
import { systemActor } from "../server/domain/permissions";
import { autocannon, gatedProject } from "./results";
import { freshDatabase, time } from "./setup";

const body = JSON.stringify({ environment: "dev", check: "unit", status: "passed", summary: "120 passed" });
const authSecret = "bench-secret-of-at-least-thirty-two-characters";

const gatedRun = (port: number, token: string, seconds: number) =>
  autocannon(`http://localhost:${port}/api/v1/projects/gated/releases/2.0.19/results`, seconds, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });

/** A board worth timing: 200 active releases with three results each beside the gated project's. */
async function boardProject(db: Db) {
  const ctx = { db, actor: systemActor };
  for (let i = 0; i < 200; i++) {
    const version = `3.${i}.0`;
    await createRelease({ ctx, input: { project: "gated", version } });
    for (const check of ["unit", "lint", "e2e"])
      await recordCheckResult({
        ctx,
        input: { project: "gated", version, environment: "dev", check, status: "failed" },
      });
  }
}

const boardTimes = (db: Db) => time(60, () => getBoard(db, "gated"), 10);

/**
 * Issue 23: the gated results path and the board on SQLite (this run's reference), on Postgres with
 * one instance, and on Postgres with two instances taking load at once (the sum of both), all on
 * this machine in one run. Postgres keeps its default durability (fsync on), as SQLite runs with
 * synchronous=FULL. SQLite is measured first: a process speaks one dialect at a time (db/schema).
 */
export async function benchPostgres(seconds: number) {
  const lite = await freshDatabase("pg-reference");
  const liteToken = await gatedProject(lite);
  await boardProject(lite.db);
  const sqliteBoard = await boardTimes(lite.db);
  const sqliteServer = await startServer(lite.file, 3311);
  let sqlite;
  try {
    await gatedRun(3311, liteToken, 2);
    sqlite = await gatedRun(3311, liteToken, seconds);
  } finally {
    sqliteServer.kill("SIGTERM");
    await exited(sqliteServer);
  }

  const cluster = await startPostgres({ durable: true });
  try {
    const db = openPostgresDatabase(cluster.url, { poolSize: 4 });
    await migrateDatabase(db);
    const token = await gatedProject({ db });
    await boardProject(db);
    const postgresBoard = await boardTimes(db);
    const env = { DATABASE_URL: cluster.url, AUTH_SECRET: authSecret };
    const first = await startServer("unused.db", 3312, env);
    const second = await startServer("unused.db", 3313, env);
    try {
      await gatedRun(3312, token, 2);
      await gatedRun(3313, token, 2);
      const one = await gatedRun(3312, token, seconds);
      const [a, b] = await Promise.all([gatedRun(3312, token, seconds), gatedRun(3313, token, seconds)]);
      const two = {
        rps: a.rps + b.rps,
        p50: Math.max(a.p50, b.p50),
        p99: Math.max(a.p99, b.p99),
        non2xx: a.non2xx + b.non2xx,
      };
      return { sqlite, sqliteBoard, one, two, postgresBoard };
    } finally {
      first.kill("SIGTERM");
      second.kill("SIGTERM");
      await Promise.all([exited(first), exited(second)]);
      await closePostgresDatabase(cluster.url);
    }
  } finally {
    await cluster.stop();
  }
}
