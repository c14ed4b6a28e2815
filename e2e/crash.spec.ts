import { first, rawRows } from "../db/client";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../db/client";
import { count, eq, sql } from "drizzle-orm";
import { checkResults, releases, transitions } from "../db/schema";
import { givenProject } from "../server/testing/fixtures";
import { createProjectToken } from "../server/services/create-project-token";
import { exited, startServer } from "../server/testing/spawn-server";
import { createTestDb, userActor } from "../server/testing/test-db";

/**
 * Crash safety: drive result webhooks, release creation and promotions at a real server,
 * SIGKILL it at a random moment, restart, and check that the file is intact, that every
 * request that got a 2xx is there, and that nothing is half-written. Then a SIGTERM:
 * requests in flight finish and the process exits cleanly. CRASH_ROUNDS=50 for a longer run.
 */
const rounds = Number(process.env.CRASH_ROUNDS ?? 10);
// A port of the block the Playwright config chose (free when the run began).
const port = Number(process.env.E2E_PORT) + 2;
const base = `http://localhost:${port}/api/v1/projects/crash`;

test.describe.configure({ timeout: 60_000 + rounds * 20_000 });

const start = (file: string) => startServer(file, port);

test("acknowledged writes survive SIGKILL, and SIGTERM finishes what is in flight", async () => {
  const { db: setup, file, dir } = await createTestDb();
  const ctx = { db: setup, actor: userActor("admin", "Crash test") };
  await givenProject(ctx, { slug: "crash", name: "Crash" }, [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit"] },
    { slug: "prod", name: "Prod" },
  ]);
  const token = (await createProjectToken({ ctx, input: { project: "crash", name: "crash", scope: "promote" } })).token;
  setup.$client.close();
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const acknowledged = { releases: new Set<string>(), results: new Map<string, number>() };
  let n = 0;

  const worker = async (stop: { now: boolean }) => {
    while (!stop.now) {
      const version = `r${++n}`;
      try {
        const created = await fetch(`${base}/releases`, { method: "POST", headers, body: JSON.stringify({ version }) });
        if (created.status >= 200 && created.status < 300) acknowledged.releases.add(version);
        else continue;
        const result = await fetch(`${base}/releases/${version}/results`, {
          method: "POST",
          headers,
          body: JSON.stringify({ environment: "dev", check: "unit", status: "passed" }),
        });
        if (result.ok) acknowledged.results.set(version, (acknowledged.results.get(version) ?? 0) + 1);
        await fetch(`${base}/releases/${version}/promote`, {
          method: "POST",
          headers,
          body: JSON.stringify({ to: "prod", from: "qa" }),
        });
      } catch {
        // The server was killed mid-request: unacknowledged, so nothing is promised.
      }
    }
  };

  try {
    for (let round = 0; round < rounds; round++) {
      const server = await start(file);
      const stop = { now: false };
      const workers = Array.from({ length: 4 }, () => worker(stop));
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 1000));
      server.kill("SIGKILL");
      await exited(server);
      stop.now = true;
      await Promise.all(workers);

      const db = openDatabase(file);
      try {
        expect(
          (await first(await rawRows<{ integrity_check: string }>(db, sql`pragma integrity_check`)))!.integrity_check,
        ).toBe("ok");
        const stored = new Set((await db.select({ version: releases.version }).from(releases)).map((r) => r.version));
        for (const version of acknowledged.releases)
          expect(stored, `release ${version} was acknowledged`).toContain(version);
        for (const [version, times] of acknowledged.results) {
          const release = (await first(db.select().from(releases).where(eq(releases.version, version))))!;
          const results = (await first(
            db.select({ n: count() }).from(checkResults).where(eq(checkResults.releaseId, release.id)),
          ))!.n;
          expect(results, `results of ${version}`).toBeGreaterThanOrEqual(times);
        }
        // Nothing half-written: every release has its creation and sits where its last transition put it.
        for (const release of await db.select().from(releases)) {
          const chain = await db.select().from(transitions).where(eq(transitions.releaseId, release.id));
          expect(chain[0]?.kind).toBe("create");
          expect(chain.at(-1)!.toEnvironmentId ?? chain.at(-1)!.fromEnvironmentId).toBe(release.environmentId);
        }
      } finally {
        db.$client.close();
      }
    }
    expect(acknowledged.releases.size).toBeGreaterThan(rounds);

    // Graceful stop: a request in flight when SIGTERM arrives still gets its answer.
    const server = await start(file);
    const inFlight = fetch(`${base}/releases`, {
      method: "POST",
      headers,
      body: JSON.stringify({ version: "last", notes: "x".repeat(20_000) }),
    });
    await new Promise((r) => setTimeout(r, 20));
    server.kill("SIGTERM");
    expect((await inFlight).status).toBe(201);
    expect(await exited(server)).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
