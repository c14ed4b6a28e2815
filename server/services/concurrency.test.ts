import path from "node:path";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import { afterEach, beforeEach, expect, it } from "vitest";
import { transitions } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "./create-release";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

it("lets exactly one of 20 simultaneous promotions of a release win; the rest conflict and write nothing", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, { slug: "race", name: "Race" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
  ]);
  await createRelease({ ctx, input: { project: "race", version: "1.0.0" } });

  // Bundle the worker once, so twenty threads start in milliseconds instead of each
  // compiling the TypeScript sources on two cores.
  // Inside node_modules so the bundle resolves better-sqlite3 like the sources do.
  const workerFile = path.join(__dirname, "../../node_modules/.cache/releaseboard-tests/move-worker.cjs");
  buildSync({
    entryPoints: [path.join(__dirname, "../testing/move-worker.ts")],
    outfile: workerFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    external: ["better-sqlite3"],
    logLevel: "error",
  });

  const contenders = 20;
  const barrier = new SharedArrayBuffer(8);
  const flag = new Int32Array(barrier);
  const workers = Array.from(
    { length: contenders },
    () =>
      new Worker(workerFile, {
        workerData: { file: t.file, barrier, input: { project: "race", version: "1.0.0", from: "dev", to: "qa" } },
      }),
  );
  const outcomes = workers.map(
    (worker) =>
      new Promise<string>((resolve, reject) => {
        worker.once("message", (m: { outcome: string }) => resolve(m.outcome));
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`worker exited (${code}) without answering`)));
      }),
  );
  // Release them all at once, when every worker is waiting at the barrier.
  const deadline = Date.now() + 20_000;
  while (Atomics.load(flag, 1) < contenders) {
    if (Date.now() > deadline) throw new Error(`only ${Atomics.load(flag, 1)} of ${contenders} workers started`);
    await Promise.race([new Promise((r) => setTimeout(r, 10)), ...outcomes]);
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  const results = await Promise.all(outcomes);
  await Promise.all(workers.map((w) => w.terminate()));

  expect(results.filter((r) => r === "moved")).toHaveLength(1);
  expect(results.filter((r) => r === "CONFLICT")).toHaveLength(contenders - 1);
  const kinds = (await t.db.select().from(transitions)).map((row) => row.kind);
  expect(kinds).toEqual(["create", "promote"]);
}, 60_000);
